"""BERT's uncased WordPiece tokenizer, giving the ids of HF `tokenizers`' BertNormalizer +
BertPreTokenizer + WordPiece pipeline (the one all-MiniLM-L6-v2 ships in tokenizer.json).

Pure Python over a per-word cache: claims repeat their words, so most words cost one dict lookup.
ASCII text (most claims) takes a shorter path to the same words: a translation table and one
regular expression instead of a Unicode lookup a character.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

CLS, SEP, UNK, PAD = "[CLS]", "[SEP]", "[UNK]", "[PAD]"
MAX_WORD_CHARS = 100  # longer words become [UNK], as in tokenizers
_CONTINUATION = "##"
# ASCII after `normalize`: controls dropped, tab and line breaks to spaces. Every printable ASCII
# character that is not a letter, digit or space is punctuation (see _is_punctuation).
_ASCII_CLEAN = {code: None for code in (*range(32), 127) if chr(code) not in "\t\n\r"} | {
    ord(char): " " for char in "\t\n\r"
}
_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^ a-z0-9]")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_control(char: str) -> bool:
    if char in "\t\n\r":
        return False
    return unicodedata.category(char).startswith("C")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    # ASCII symbols such as $ + < = > ^ ` | ~ split words too, as in BERT.
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def normalize(text: str) -> str:
    """BertNormalizer: drop controls, whitespace to spaces, space out CJK, strip accents, lower."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or _is_control(char):
            continue
        if _is_whitespace(char):
            out.append(" ")
        elif _is_cjk(code):
            out.extend((" ", char, " "))
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFD", "".join(out))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def words_of(text: str) -> list[str]:
    """`pre_tokenize(normalize(text))`, faster for ASCII text."""
    if text.isascii():
        return _ASCII_WORDS.findall(text.translate(_ASCII_CLEAN).lower())
    return pre_tokenize(normalize(text))


def pre_tokenize(text: str) -> list[str]:
    """BertPreTokenizer: split on whitespace, and every punctuation character is its own word."""
    words: list[str] = []
    for chunk in text.split():
        current: list[str] = []
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    words.append("".join(current))
                    current = []
                words.append(char)
            else:
                current.append(char)
        if current:
            words.append("".join(current))
    return words


class WordPiece:
    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.cls_id = vocab[CLS]
        self.sep_id = vocab[SEP]
        self.unk_id = vocab[UNK]
        self.pad_id = vocab[PAD]
        self._word_ids = lru_cache(maxsize=200_000)(self._pieces)

    @classmethod
    def from_file(cls, path: Path) -> "WordPiece":
        tokens = path.read_text(encoding="utf-8").split("\n")
        if tokens and tokens[-1] == "":
            tokens.pop()
        return cls({token: number for number, token in enumerate(tokens)})

    def _pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first; a word with an unmatchable part is one [UNK]."""
        if len(word) > MAX_WORD_CHARS:
            return (self.unk_id,)
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end]
                if start > 0:
                    piece = _CONTINUATION + piece
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk_id,)
            ids.append(found)
            start = end
        return tuple(ids)

    def encode(self, text: str, max_length: int) -> list[int]:
        """[CLS] pieces [SEP], the pieces cut so that the whole fits in `max_length`."""
        room = max_length - 2
        ids: list[int] = [self.cls_id]
        for word in words_of(text):
            ids.extend(self._word_ids(word))
            if len(ids) > room:
                break
        del ids[room + 1 :]
        ids.append(self.sep_id)
        return ids
