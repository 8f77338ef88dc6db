"""The Albanian catalogue is complete, compiled and current, and pages speak Albanian.

Regenerate after changing strings with `make messages`, translate what it adds in
tryeza/locale/sq/LC_MESSAGES/django.po (glossary: tryeza/locale/GLOSSARY.md), then compile.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse

LOCALE = Path(django_settings.LOCALE_PATHS[0])
SOURCE = LOCALE.parent
REGENERATE = "run `make messages`, translate the new entries, and compile them"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')
PLACEHOLDERS = {
    "python-format": re.compile(r"%\(\w+\)[sdif]|%[sdif]"),
    "python-brace-format": re.compile(r"\{\w*\}"),
}


@dataclass
class Entry:
    """One message of a .po file."""

    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key the message has in a compiled .mo file."""
        ident = self.msgid if self.msgid_plural is None else f"{self.msgid}\0{self.msgid_plural}"
        return ident if self.msgctxt is None else f"{self.msgctxt}\x04{ident}"

    @property
    def translation(self) -> str:
        return "\0".join(self.msgstr[i] for i in sorted(self.msgstr))

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file, header first; obsolete (#~) ones are left out."""
    entries: list[Entry] = []
    entry, target = Entry(), ""
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target:
                entries.append(entry)
            entry, target = Entry(), ""
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue  # references, comments, previous msgids, obsolete entries
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            match = KEYWORD.match(line)
            assert match, f"{path}: cannot read {line!r}"
            keyword, index, text = match.groups()
            target = keyword if index is None else f"msgstr[{index}]"
            if keyword == "msgstr":
                entry.msgstr[int(index or 0)] = ""
            _append(entry, target, ast.literal_eval(text))
    return entries


def _append(entry: Entry, target: str, text: str) -> None:
    if target.startswith("msgstr"):
        index = int(target[7:-1]) if "[" in target else 0
        entry.msgstr[index] += text
    else:
        setattr(entry, target, (getattr(entry, target) or "") + text)


def read_mo(path: Path) -> dict[str, str]:
    """Every message of a compiled catalogue, keyed as gettext keys it."""
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    _revision, count, ids_at, strings_at = struct.unpack(order + "4I", data[4:20])

    def text(table: int, index: int) -> str:
        length, offset = struct.unpack(
            order + "2I", data[table + 8 * index : table + 8 * index + 8]
        )
        return data[offset : offset + length].decode("utf-8")

    return {text(ids_at, i): text(strings_at, i) for i in range(count)}


def _po(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def test_every_albanian_message_is_translated():
    header, *messages = read_po(_po("sq"))
    assert header.msgid == ""
    untranslated = [m.msgid for m in messages if not m.translated]
    fuzzy = [m.msgid for m in [header, *messages] if "fuzzy" in m.flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy (check them, then drop the flag): {fuzzy[:10]}"


def test_albanian_has_two_plural_forms():
    header, *messages = read_po(_po("sq"))
    assert "Language: sq\n" in header.translation
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header.translation
    for message in messages:
        if message.msgid_plural is not None:
            assert sorted(message.msgstr) == [0, 1], message.msgid


def test_albanian_messages_keep_their_placeholders():
    for message in read_po(_po("sq"))[1:]:
        plural = message.msgid_plural or message.msgid
        for flag, placeholder in PLACEHOLDERS.items():
            if flag not in message.flags:
                continue
            for index, translation in message.msgstr.items():
                expected = set(placeholder.findall(message.msgid if index == 0 else plural))
                assert set(placeholder.findall(translation)) == expected, message.msgid


def test_the_english_catalogue_lists_the_same_messages():
    """English is the source language, so its msgstr stay empty; the catalogue must exist."""
    english = {m.key for m in read_po(_po("en"))[1:]}
    assert english == {m.key for m in read_po(_po("sq"))[1:]}, REGENERATE


@pytest.mark.parametrize("language", ["sq", "en"])
def test_compiled_catalogue_matches_its_po_file(language):
    """A fresh machine needs no gettext: the committed .mo must hold what the .po holds."""
    mo = _po(language).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: {REGENERATE}"
    expected = {m.key: m.translation for m in read_po(_po(language))[1:] if m.translated}
    # The header holds creation dates that change on every run; the messages are what count.
    compiled = {key: text for key, text in read_mo(mo).items() if key}
    stale = sorted(
        k for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k)
    )
    assert not stale, f"{mo.name} is older than its .po ({REGENERATE}): {stale[:10]}"


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path, monkeypatch, settings):
    """Extract the strings from a copy of the code and compare them with the catalogue."""
    if shutil.which("xgettext") is None:
        reason = "GNU gettext (xgettext) is not installed, so strings cannot be extracted"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it.")
        pytest.skip(f"{reason}; install gettext to run this check.")
    copy = tmp_path / "tryeza"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "tests", "locale", "*.json", "*.mo"),
    )
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    # The same options as `make messages`.
    call_command(
        "makemessages", locale=["sq"], ignore_patterns=["*/tests/*"], no_obsolete=True, verbosity=0
    )
    extracted = {m.key for m in read_po(copy / "locale/sq/LC_MESSAGES/django.po")[1:]}
    catalogue = {m.key for m in read_po(_po("sq"))[1:]}
    added, gone = sorted(extracted - catalogue), sorted(catalogue - extracted)
    assert not added, f"{len(added)} strings not in the catalogue ({REGENERATE}): {added[:10]}"
    assert not gone, f"{len(gone)} strings no longer in the code ({REGENERATE}): {gone[:10]}"


def test_the_home_page_speaks_albanian_once_chosen(client, secretariat_officer):
    client.force_login(secretariat_officer)
    chosen = client.post(reverse("set_language"), {"language": "sq", "next": reverse("home")})
    assert chosen.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sq">' in html
    assert ">Dil</button>" in html  # Sign out
    assert "Ndrysho fjalëkalimin" in html  # Change password
    assert "Kalo te përmbajtja" in html  # Skip to content
    assert "Sign out" not in html
