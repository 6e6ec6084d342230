"""Parts of speech of jieba's dictionary words, for deciding where a name may start.

jieba's dictionary (``dict.txt``) gives each word a tag; ``jieba.lcut`` does not return
them, and ``jieba.posseg`` costs several times the segmentation. A name's left edge
only needs the tag of a few tokens, so the tags that matter are read once per process
(a quarter of a second, in the process that first tokenises) into sets:

- ``function``: prepositions, conjunctions, pronouns, particles (p c r u) of two or
  more characters: no name starts with one or runs across one (此后, 其中, 以及); the
  one-character ones that never stand in a name are boundary words (kg/data), while
  顺 (顺丰), 至 (A至B段) do;
- ``verbs`` (v): a verb right before a proper name ends the clause that leads to the
  name (承接|五粮液集团, 走进|长沙经开区, 放在|南溪区…), while verbs inside names
  (创新|中心, 控股|集团) are followed by common nouns;
  A word jieba does not know that ends in a coverb (选在, 城是: see
  ``kg/data/coverb_endings.txt``) is a verb too: its HMM fused a verb or a name's
  last character with the word that leads to the next name;
- ``proper``: place, person, organisation and other proper names (ns nr nz nt …).
Words jieba does not know (brand names, new coinages) count as proper;
- ``common``: verbal nouns, numerals, measures, times, directions, adverbs: a project
  name made only of these and generic words names nothing (生产|项目).
"""
from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FUNCTION_TAGS = (b"p", b"c", b"r", b"u")
VERB_TAGS = (b"v",)
PERSON_TAGS = (b"nr", b"nrt", b"nrfg")
PROPER_TAGS = (b"ns", b"nr", b"nz", b"nt", b"nrt", b"nrfg", b"j")
# words that say what is done, how much or when, never what a thing is called
COMMON_TAGS = (b"vn", b"m", b"q", b"t", b"f", b"d")
ADJECTIVE_TAGS = (b"a",)          # 清洁, 优质: what a thing is like, never whose it is
ENTRY = re.compile(rb"^(\S+) \d+ (" + b"|".join(FUNCTION_TAGS + VERB_TAGS + PROPER_TAGS + COMMON_TAGS
                                                 + ADJECTIVE_TAGS) + rb")\r?$", re.M)


@dataclass(frozen=True)
class Tags:
    """Word classes of the dictionary words that decide a left edge."""

    function: frozenset[str]
    verbs: frozenset[str]
    proper: frozenset[str]
    common: frozenset[str]            # verbal nouns, numerals, measures, times, places, adverbs
    known: frozenset[str] | dict      # every dictionary word (jieba's FREQ)
    coverbs: frozenset[str] = frozenset()   # last characters that make an unknown word a verb
    persons: frozenset[str] = frozenset()   # names of people and transliterations (nr nrt nrfg): 特斯拉, 比亚迪
    adjectives: frozenset[str] = frozenset()    # adjectives (a): 清洁, 优质

    def knows(self, word: str) -> bool:
        """Whether the dictionary has the word: jieba's FREQ also holds every prefix of a
        word with count 0 (另有 from 另有所图), which is no word of its own."""
        known = self.known
        return bool(known.get(word)) if isinstance(known, dict) else word in known

    def is_verb(self, word: str) -> bool:
        """A dictionary verb, or a word jieba does not know ending in a coverb (选在, 另有)."""
        return word in self.verbs or (len(word) >= 2 and word[-1] in self.coverbs and not self.knows(word))

    def is_proper(self, word: str) -> bool:
        """A proper name, or a word the dictionary does not know (a brand, a new name)
        unless it ends in a coverb."""
        return word[:1].isalnum() and (word in self.proper or (word not in self.known and not self.is_verb(word)))

    def names_something(self, word: str) -> bool:
        """Whether a word can carry a name: not a verb, verbal noun, numeral, measure,
        time, direction or adverb (拍摄|项目, 生产|项目, 19宗|项目 name nothing)."""
        return word not in self.verbs and word not in self.common and word not in self.function

    def is_function(self, word: str) -> bool:
        """A closed-class word of two or more characters (此后, 其中, 以及)."""
        return len(word) >= 2 and word in self.function


@lru_cache(maxsize=1)
def load_tags() -> Tags:
    """The tag sets of jieba's main dictionary (read once per process)."""
    from kg.extract.text import prepare_jieba
    jieba = prepare_jieba()
    with jieba.dt.get_dict_file() as f:
        data = f.read()
    sets = _tag_sets(data)

    def union(tags):
        return frozenset().union(*(sets.get(t, ()) for t in tags))
    from kg.extract.lexicon import word_list
    coverbs = frozenset(word_list("coverb_endings.txt"))
    return Tags(union(FUNCTION_TAGS), union(VERB_TAGS), union(PROPER_TAGS), union(COMMON_TAGS), jieba.dt.FREQ,
                coverbs, union(PERSON_TAGS), union(ADJECTIVE_TAGS))


def read_tag_sets(data: bytes) -> dict[bytes, list[str]]:
    """tag -> the words of a jieba dictionary (its bytes) with that tag, for the tags of ENTRY."""
    sets: dict[bytes, list[str]] = {}
    for m in ENTRY.finditer(data):
        sets.setdefault(m.group(2), []).append(m.group(1).decode("utf-8"))
    return sets


def _tag_sets(data: bytes) -> dict[bytes, list[str]]:
    """``read_tag_sets(data)``, kept in the user's cache folder between runs (as the gazetteer
    is) under a hash of the dictionary and this module: reading 350,000 entries takes
    0.4 s in each extraction process, loading them kept a tenth of that. A cache folder
    that cannot be written is no error."""
    from kg.atomic import replacing
    from kg.extract.gazetteer import _cache_folder
    h = hashlib.sha256(data)
    h.update(Path(__file__).read_bytes())
    disk = _cache_folder() / f"tags-{h.hexdigest()[:20]}.pickle"
    try:
        with open(disk, "rb") as f:
            # each tag's words as one string: one object to unpickle, split in C
            return {tag: words.split("\n") for tag, words in pickle.load(f).items()}
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        pass
    sets = read_tag_sets(data)
    try:
        with replacing(disk) as f:
            pickle.dump({tag: "\n".join(words) for tag, words in sets.items()}, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass
    return sets
