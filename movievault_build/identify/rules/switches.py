"""The parser's named rules: heuristics beyond reading the vocabularies, each
one switchable (`Vocabulary.off`) so that `benchmarks/identify_holdout.py`
can find which corpus lines need which rule, and score each corpus source with
only the rules the other sources justify. Every rule is on in normal use."""
from __future__ import annotations

RULES: dict[str, str] = {
    # name prefixes (rules/name.py)
    "site-prefix": 'a download site\'s name in front ("www.Site.tld - Title")',
    "sequence-number": 'a "(1)" sequence number in front of the title',
    "collection-index": 'a collection\'s "01 - " / "1. " numbering before a title with a year',
    "group-prefix": 'a scene group in front of a lower-case dotted name ("grp-title.2016.1080p")',
    "group-before-title": 'after a [group], a tag word or number before the year is the title ("[GRP] Proof (2005)", "[GRP] 1917 (2019)"), unlike "[REC] (2007)"',
    "bracketed-title": 'a leading "[Title Year]" with only brackets or tags after it, or a "[Title]" with a year and tags after it, is the title',
    "bracket-fields": 'after a [group], a name of brackets only has the title in the first ("[Grp][Title][05]")',
    "year-first": 'a year opening the name before the title ("(1995) Movie Name")',
    "plex-edition": 'Plex\'s "{edition-…}" taken verbatim',
    # title (rules/title.py, rules/name.py)
    "tech-lead": 'technical tags opening the name are skipped ("h265 - HEVC Riddick")',
    "inner-aside": 'a bracket followed by more title words stays ("You Are (Not) Alone")',
    "open-end": 'a bracket after a title ending in "or", "and", "of" … stays ("Birdman or (The …)")',
    "longest-words": "when tags open the name, the longest run of words is the title",
    "label-segment": 'a genre or language set off by " - " is dropped ("Title - Drama 2011")',
    "collection-infix": 'a collection and its number before the title ("Bond-f21-Casino Royale")',
    "aka-title": 'of "Title AKA Other Title", the first (the Latin-script one when the first is not)',
    "sort-article": 'a sort title\'s article after a comma goes back in front ("Matrix, The" is "The Matrix")',
    "latin-title": "of a bilingual title, the Latin-script one",
    # tags (rules/tags.py)
    "tag-before-marker": 'a tag word right before "S01E02" or "Season 1" is a tag ("Show.Complete.S01", not "The.Real.S01E01")',
    "title-like": 'title-like tag words before the year ("Saw 3D (2010)" vs "Pacific.Rim.3D.2013.BluRay")',
    "shouted-tag": 'a tag word in capitals opening a name stays a tag ("UNRATED title 2008")',
    "one-part": 'a spaced "Part 2" beside a CD/disc number belongs to the title',
    "boxed-year-title": 'a weak word before a bracketed year is a title word ("The Good German (2006)")',
    "article-title": 'a weak word after a lone article, before the year or ending the name, is a title word ("The.Final.Cut.2004", "The French")',
    "language-title-word": 'a language before the year is a tag after three title words or a title in that language',
    "wordlike-tag": 'a lone ordinarily written tag word before the year is a title word ("Opus.2025")',
    "lead-tag-word": 'edition/other words opening a name, before a title word or the year, are title words ("Theatrical.2020")',
    "article-lead-tag-word": 'the same after an article opening the name ("The.Anniversary.Party.2001", "The Convert (2023)")',
    "tech-title": 'technical words opening a name, the year right after them and no title word, are its title ("Opus (2025) [1080p]")',
    "bracket-hash": "an upper-case 8-digit hex word in brackets is a checksum",
    "disc-suffix": 'a "D1" ending a name is a disc number ("MOVIE_NAME_D1")',
    "bonus-number": 'a "-x02-" between dashes is a bonus feature\'s number, not title ("Title-x02-Stunts")',
    "capitals-only": 'a tag marked "=" counts only in capitals in a mixed-case name ("Trials.OM.2015", not "Om.Shanti.Om")',
    # years (rules/year.py)
    "boxed-year": "a year alone in brackets is the release year",
    # kind (rules/kind.py)
    "season-word": '"Season 2" marks an episode when no year follows',
    "season-dash": '"Show - Season 3" marks a season also before a year: set off by a spaced dash, the season word is no title word',
    "spelled-season": '"Season Two", "The Complete First Season", "3rd Season" mark a season when no year or dashed episode number follows',
    "season-one": '"Season 1", "Season 01", "1ª Temporada" mark a season even before a year (a sequel is not numbered 1)',
    "episode-word-year": '"Episode 5" is a title\'s words when a year follows ("Star Wars Episode 5 … (1980)")',
    "dash-number": '"Show - 11" marks an episode when no year follows',
    "special-word": 'an anime special set off by a spaced dash marks an episode ("Show - OVA 2", "Show - SP01")',
    "number-range": '"Show 13-16", "Show 01~12" mark episodes',
    "article-number": 'a number after a lone article is the title\'s ("TV/The 100/Season 1/…"), not an episode\'s',
    "bare-number": 'a zero-led or, in TV context (or before HDTV), any 2-4 digit number after the title',
    "four-digit-episode": 'a 4-digit season-and-episode number (episode under 40) before a broadcast capture ("show.1205.hdtv")',
    "titled-number": 'a 2-digit zero-led number between title words, no year after it, is an episode\'s ("Show.03.The.Arrival")',
    "broadcast-part": 'a "Part 1" before a broadcast capture (HDTV …) is a miniseries\' episode ("Show.Pt.1.HDTV")',
    "leading-episode-number": 'after a fansub group, a number first ("[Grp] 01 - Title")',
    # folders (identify/filename.py)
    "tag-slash": 'a "/" between two tags is no folder ("Ukr/Eng", "AC3/DTS"), unless a one-word folder stands before it ("Dual/Dual.2022")',
    "poor-file-name": "a short bare file name, or one titled by tag words alone, defers to a folder with a year or tags",
    "folder-title": 'an agreeing "Title (Year)" folder spells the title',
    "numbers-only-file": "a file name of digits only carries no episode marker outside a TV folder, and is the episode's number inside one",
    "season-folder-title": 'a season folder with a title before its season names the show ("Show - Season 1/01.mkv")',
    "show-root": 'a video without a year under a root that holds shows only (TV, Series, Shows) is an episode',
    "year-folder": 'a folder named by a year alone gives a film without one its year ("Movies/1995/Heat.mkv")',
    "folder-number": 'a folder\'s trailing number is its title\'s, not an episode\'s ("TV/Warehouse 13/Season 1/…")',
    "cut-short-title": 'of a file and its folder, the longer title wins, with its year, when the other\'s name opens with it ("Wonder Woman 1984/Wonder.Woman.1984.2020.mkv")',
    "folder-chain": "folders agreeing or disagreeing with the one that names the film",
}

# Rules a careful reader states from a name's structure or a documented naming
# convention alone, with no vocabulary or threshold fitted to a case. The held-out
# benchmark reports its figure both ways: with these switched off like any other
# rule whose evidence is the held-out source's alone, and with them kept.
STRUCTURAL: dict[str, str] = {
    "inner-aside": "a title cannot end at a bracket that more title words follow",
    "season-word": "a season word and its number mark a season, as S02 does (Kodi, Jellyfin, Plex naming)",
    "folder-title": "a Title (Year) folder is the name a person gave the film (Kodi, Jellyfin, Plex naming)",
}
