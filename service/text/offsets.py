"""Code-point offsets -> UTF-16 offsets: a browser counts an astral character (an emoji, a rare
CJK ideograph) as two units, Python as one, and an editor marks spans in its own units."""


class Utf16Offsets:
    def __init__(self, text: str) -> None:
        self._prefix = [0]
        for char in text:
            self._prefix.append(self._prefix[-1] + (2 if ord(char) > 0xFFFF else 1))

    def at(self, offset: int) -> int:
        return self._prefix[offset]
