"""Referents: a fact about one storm, budget or trial says nothing about another of its kind.

The statement is about its subject, its first sure proper name ("Hurricane Delphine",
"Marovia's budget"); the claim about its own subject, or, when its sentence names none ("The
storm killed at least nine people"), the subject of its report's title. When the claim never
names the statement's subject and the statement never names the claim's, the two are about
different things of the same kind, and no figure, date or word they share bears on the other:
the match is at most related ("the report is about Hurricane Corwin; the statement is about
Hurricane Delphine").

Names are compared as word sets and through the alias table, so "Halcyon" is "Halcyon Networks"
and "Pyongyang" is "North Korea".
"""

from schemas.analysis import Analysis, Span
from schemas.check import Reason
from service.matching.rules.pair import Pair, overlaps, reason
from service.text.acronyms import abbreviates
from service.text.names import (
    Name,
    after_preposition,
    find_names,
    mentioned,
    same_referent,
    subjects,
)

_ARTICLES = frozenset({"the", "a", "an", "former", '"', "“"})
# Words that open an adverbial before the subject: "In the first quarter, ...".
_LEADING_PREPOSITIONS = frozenset(
    {
        "in",
        "on",
        "at",
        "by",
        "after",
        "before",
        "during",
        "since",
        "until",
        "over",
        "last",
        "this",
        "earlier",
        "later",
        "for",
        "from",
        "with",
        "despite",
        "amid",
        "following",
    }
)


def _attribution(analysis: Analysis) -> Span | None:
    return analysis.attribution.span if analysis.attribution is not None else None


def _canonicals(name: Name, analysis: Analysis) -> set[str]:
    return {e.canonical for e in analysis.entities if overlaps(e.span, name.span)}


def _named_in(
    name: Name, own: Analysis, text: str, analysis: Analysis | None, own_text: str
) -> bool:
    if mentioned(name, find_names(text)) or abbreviates(name.text, name.span, own_text, text):
        return True
    if analysis is None:
        return False
    return bool(_canonicals(name, own) & {e.canonical for e in analysis.entities})


def _listed(names: list[Name]) -> str:
    return " and ".join(n.text for n in names[:2])


def _kin(a: Name, b: Name) -> bool:
    """Two names of one kind that are not one name: "Hurricane Delphine" and "Hurricane
    Corwin", "Marlow Canyon Fire" and "Cedar Ridge Fire": the word they share opens or closes
    both ("University of Leicester" is not of the kind of "Good University Guide")."""
    if same_referent(a, b) or len(a.words) < 2 or len(b.words) < 2:
        return False
    return a.words[0] == b.words[0] or a.words[-1] == b.words[-1]


def _namesake(pair: Pair) -> Reason | None:
    """A name of the statement the claim replaces with another of its kind, wherever it stands:
    "6,500 homes flooded after Hurricane Delphine" vs "... after Hurricane Corwin"."""
    s_analysis, c_analysis = pair.statement_analysis, pair.claim_analysis
    mine = [n for n in find_names(pair.statement, pair.known_names) if n.sure]
    # The source of a sentence ("..., Cal Fire said") is who speaks, not what it is about.
    source = _attribution(c_analysis)
    theirs = [
        n
        for n in find_names(pair.claim, pair.known_names)
        if n.sure
        and not after_preposition(pair.claim, n)
        and not (source is not None and overlaps(n.span, source))
    ]
    for name in mine:
        if _named_in(name, s_analysis, pair.claim, c_analysis, pair.statement):
            continue
        for other in theirs:
            if _kin(name, other) and not _named_in(
                other, c_analysis, pair.statement, s_analysis, pair.claim
            ):
                return reason(
                    "referent",
                    "conflicts",
                    f"the report is about {other.text}; the statement is about {name.text}",
                    name.span,
                    other.span,
                )
    return None


def _subjects(text: str, analysis: Analysis, known: frozenset[str]) -> list[Name]:
    """Who the sentence is about, the source left out ("..., the ministry said"), unless the
    source is all it names: "Tessaro Semiconductor reported revenue of $1.9 billion". Only a
    name that opens the sentence (an article aside) counts: in "On review site Rotten
    Tomatoes, the film has ..." the film is the subject, not the site."""
    found = subjects(text, skip=_attribution(analysis), known=known) or subjects(text, known=known)
    return [name for name in found if _opens(text, name)]


def _opens(text: str, name: Name) -> bool:
    """The name opens the sentence, after an article or a leading adverbial ("In the first
    quarter, Halcyon's revenue ...", "By Monday, the Alder Fire ...")."""
    before = text[: name.span.start]
    first = before.split(maxsplit=1)[:1]
    if "," in before and first and first[0].casefold() in _LEADING_PREPOSITIONS:
        before = before.rpartition(",")[2]
    return len(name.text) > 1 and all(word.casefold() in _ARTICLES for word in before.split())


def _strangers(pair: Pair, titled: tuple[Name, ...]) -> bool:
    """The statement names someone neither the claim nor its report's title knows ("...
    against Kingsmoor" of a report on the match with Redvale): the title names the statement's
    subject, but in another story."""
    return any(
        n.sure
        and not mentioned(n, titled)
        and not _named_in(
            n, pair.statement_analysis, pair.claim, pair.claim_analysis, pair.statement
        )
        for n in find_names(pair.statement, pair.known_names)
    )


def _elsewhere(pair: Pair, mine: list[Name], theirs: list[Name]) -> bool:
    """The report's other sentences the check read name the title's actor and never the
    statement's subject: the report is about someone else."""
    if not pair.claim_context:
        return False
    context, own = pair.claim_context, pair.statement_analysis
    return any(mentioned(n, find_names(context)) for n in theirs) and not any(
        _named_in(n, own, context, None, pair.statement) for n in mine
    )


def referent_reasons(pair: Pair) -> list[Reason]:
    namesake = _namesake(pair)
    if namesake is not None:
        return [namesake]
    s_analysis, c_analysis = pair.statement_analysis, pair.claim_analysis
    known = pair.known_names
    mine = _subjects(pair.statement, s_analysis, known)
    if not mine or any(
        _named_in(n, s_analysis, pair.claim, c_analysis, pair.statement) for n in mine
    ):
        return []
    theirs = _subjects(pair.claim, c_analysis, known)
    where = "the report is about"
    if theirs:
        if any(_named_in(n, c_analysis, pair.statement, s_analysis, pair.claim) for n in theirs):
            return []
        # Names of different kinds ("Orison" and its lander "Lumen-1") may be one story: the
        # report's title says whether it is the statement's.
        titled = find_names(pair.claim_title, known) if pair.claim_title else ()
        if any(mentioned(n, titled) for n in mine) and not _strangers(pair, titled):
            return []
    else:
        # A sentence that names nothing at all ("The storm killed nine people") is about what
        # its report is about; one that names only places ("He arrived in Russia") may not be.
        title = pair.claim_title
        if any(n.sure for n in find_names(pair.claim, known)) or not title:
            return []
        if any(mentioned(n, find_names(title, known)) for n in mine):
            return []
        theirs = subjects(title, known=known)
        if not theirs or any(mentioned(n, find_names(pair.statement, known)) for n in theirs):
            return []
        # A title names the report's main actor; only another of the statement subject's kind
        # ("Typhoon Merrow batters Taiwan" for "Typhoon Kalani") says the sentence is not
        # about it: a minister's report may well be about her country's budget. Or the
        # report's other sentences: when they name the title's actor and never the
        # statement's, "Revenue fell 8 percent" is Halcyon's, not Tessaro's.
        if not any(_kin(a, b) for a in mine for b in theirs) and not _elsewhere(pair, mine, theirs):
            return []
        where = "the report's article is about"
    return [
        reason(
            "referent",
            "conflicts",
            f"{where} {_listed(theirs)}; the statement is about {_listed(mine)}",
            mine[0].span,
            theirs[0].span if where == "the report is about" else None,
        )
    ]
