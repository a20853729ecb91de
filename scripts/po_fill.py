"""Fill English translations into locale/en/LC_MESSAGES/django.po from a JSON file of {msgid: msgstr}.

    .venv/bin/python scripts/po_fill.py translations.json

Entries given are set and their fuzzy flag cleared; every other entry is left as it is. Used after
`make messages` when new Norwegian strings appear (the catalogue's msgids are Norwegian).
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(translations: dict[str, str]) -> int:
    done = 0
    entries = PO.read_text().split("\n\n")
    for index, entry in enumerate(entries):
        match = re.search(r"^msgid ((?:\".*\"\n?)+)msgstr", entry, re.M)
        if not match or "msgid_plural" in entry:
            continue
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1))).replace('\\"', '"').replace("\\n", "\n")
        if msgid not in translations:
            continue
        kept = []
        for line in entry.split("\n"):
            if line.startswith("#| "):
                continue
            if line.startswith("#,"):
                flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
                if flags:
                    kept.append("#, " + ", ".join(flags))
                continue
            if line.startswith("msgstr"):
                break
            kept.append(line)
        kept.append("msgstr " + quoted(translations[msgid]))
        entries[index] = "\n".join(kept)
        done += 1
    PO.write_text("\n\n".join(entries))
    return done


if __name__ == "__main__":
    print(fill(json.loads(Path(sys.argv[1]).read_text())), "entries filled")
