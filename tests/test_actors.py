"""The gazetteer: built-in entries, lookups, and a user actors file that extends it."""

from __future__ import annotations

from pathlib import Path

import pytest

from onrecord.actors import builtin_gazetteer, load_gazetteer, normalize, parse_actors
from onrecord.errors import ActorsFileError


def test_metonyms_capitals_and_demonyms_resolve_to_countries():
    gaz = builtin_gazetteer()
    for mention in ("the Kremlin", "Moscow", "the Russians", "Russia"):
        assert gaz.lookup(mention).actor.name == "Russia"
    assert gaz.lookup("the White House").actor.name == "United States"
    assert gaz.lookup("Kyiv").actor.name == "Ukraine"
    assert gaz.demonym("Russian").actor.name == "Russia"


def test_person_aliases_match_whole_names_only():
    gaz = builtin_gazetteer()
    assert gaz.lookup("Trump").actor.name == "Donald Trump"
    assert gaz.lookup("Sergei Lavrov").actor.name == "Sergey Lavrov"
    assert gaz.lookup("Zelenskyy").actor.name == "Volodymyr Zelensky"
    assert gaz.lookup("Ivanka Trump") is None


def test_lookup_keeps_case_so_a_pronoun_is_not_a_country():
    assert builtin_gazetteer().lookup("US").actor.name == "United States"
    assert builtin_gazetteer().lookup("us") is None


def test_a_person_named_in_capitals_is_that_person():
    gaz = builtin_gazetteer()
    assert gaz.lookup("PENCE").actor.name == "Mike Pence"  # a transcript's speaker label
    assert gaz.lookup("MITCH MCCONNELL").actor.name == "Mitch McConnell"
    assert gaz.lookup("pence") is None  # lower case stays a word
    assert gaz.lookup("NATO").actor.name != "Mike Pence" and gaz.lookup("RUSSIA") is None  # people only


def test_normalize_straightens_apostrophes_and_drops_the_article():
    assert normalize("the  Kremlin’s") == "Kremlin"


def test_user_file_extends_and_overrides(tmp_path: Path):
    path = tmp_path / "actors.toml"
    path.write_text(
        '[[person]]\nname = "Ann Keller"\naliases = ["Keller"]\naffiliation = "Ohio"\ngender = "f"\n\n'
        '[[country]]\nname = "Russia"\naliases = ["the Russian Federation"]\ndemonyms = ["Russian"]\n',
        encoding="utf-8",
    )
    gaz = load_gazetteer(path)
    assert gaz.lookup("Keller").actor.affiliation == "Ohio"
    assert gaz.lookup("the Russian Federation").actor.name == "Russia"
    assert gaz.lookup("the Kremlin") is None  # the user's Russia entry replaced the built-in one


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[person]\nname = 'x'", "not valid TOML"),
        ("[[people]]\nname = 'x'\n", "unknown sections"),
        ("[[person]]\naliases = ['x']\n", "needs a non-empty name"),
        ("[[country]]\nname = 'X'\naliases = [1]\n", "must be lists of strings"),
    ],
)
def test_bad_actors_files_get_a_clear_error(text: str, message: str):
    with pytest.raises(ActorsFileError, match=message):
        parse_actors(text, origin="mine.toml")


def test_missing_actors_file_is_a_named_error(tmp_path: Path):
    with pytest.raises(ActorsFileError, match="cannot read actors file"):
        load_gazetteer(tmp_path / "nope.toml")


@pytest.mark.model
def test_speakers_component_uses_the_user_file(tmp_path: Path):
    from onrecord.nlp import load_pipeline

    path = tmp_path / "actors.toml"
    path.write_text('[[person]]\nname = "Ann Keller"\naliases = ["Keller"]\naffiliation = "Ohio"\n', encoding="utf-8")
    doc = load_pipeline(str(path))("Keller said the bridge would reopen in May.")
    actor = doc._.onrecord_attributions[0].actors[0]
    assert (actor.name, actor.affiliation) == ("Ann Keller", "Ohio")


@pytest.mark.model
def test_cli_extract_takes_an_actors_file(tmp_path: Path):
    import json

    from click.testing import CliRunner

    from onrecord.cli import main

    actors = tmp_path / "actors.toml"
    actors.write_text('[[person]]\nname = "Ann Keller"\naliases = ["Keller"]\naffiliation = "Ohio"\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("Keller said the bridge would reopen in May.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(story), "--jsonl", "--actors", str(actors)])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["actor"] == {"name": "Ann Keller", "kind": "person", "affiliation": "Ohio"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Sergei Lavrov", "Sergey Lavrov", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", True),
        ("Zelenskiy", "Volodymyr Zelensky", True),
        ("Lavrov", "Sergey Lavrov", True),
        ("S. Lavrov", "Sergey Lavrov", True),
        ("Ivanka Trump", "Donald Trump", False),
        ("Anna Marek", "Ilsa Marek", False),
        ("John Smith", "John Smyth", True),
        ("Dan Lee", "Dan Li", False),  # short surnames must match exactly
        ("Peter Haldane", "Peter Holden", False),
        # a generational suffix is no surname (a PolNeAR train speaker had become a mourner of another article)
        ("C. Stewart Verdery Jr.", "Charles Elliott Jr.", False),
        ("Sergei Lavrov Jr.", "Sergey Lavrov Jr.", True),
        # and tells people apart: a father and his son
        ("Donald Trump Jr.", "Donald Trump", False),
        ("Brent Bozell III", "Brent Bozell", False),
    ],
)
def test_same_person(a, b, same):
    from onrecord.actors import same_person

    assert same_person(a, b) is same
    assert same_person(b, a) is same
    # across articles a one-word name is nobody's spelling but its own
    one_word = len(a.split()) == 1 or len(b.split()) == 1
    assert same_person(a, b, surname_alone=False) is (same and not one_word)
