"""Merge a regenerated .pot into .po files (msgmerge semantics, with polib).

Kept translations stay, new terms are added untranslated, vanished ones are dropped, and
the references/comments come from the .pot (so that Odoo's model:/code: sources are right).
"""

import sys

import polib


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path, wrapwidth=78)
    po = polib.pofile(po_path, wrapwidth=78)
    old = {(e.msgctxt, e.msgid): e for e in po}
    merged = polib.POFile(wrapwidth=78)
    merged.metadata = po.metadata
    merged.header = po.header
    for entry in pot:
        kept = old.get((entry.msgctxt, entry.msgid))
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgstr=kept.msgstr if kept else "",
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
            flags=[f for f in entry.flags if f != "fuzzy"],
        )
        merged.append(new)
    merged.save(po_path)
    missing = [e.msgid for e in merged if not e.msgstr]
    print(f"{po_path}: {len(merged)} terms, {len(missing)} untranslated")


if __name__ == "__main__":
    pot_file, *po_files = sys.argv[1:]
    for po_file in po_files:
        merge(pot_file, po_file)
