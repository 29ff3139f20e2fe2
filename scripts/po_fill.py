"""Fill untranslated entries of our .po files.

1. From Odoo's own translations of the same msgid (mail, fleet, account, base...), so the
   mixin fields and shared words read exactly as in the rest of Odoo.
2. From a JSON glossary of our own terms (scripts/i18n/<lang>.json), kept in the repo.
3. zh_TW only: what is still missing is converted from zh_CN with OpenCC (s2twp, Taiwan
   phrasing), for a translator to review.

Usage: po_fill.py ODOO_SRC PO_DIR
"""

import json
import pathlib
import sys

import polib

SOURCES = [
    "mail",
    "fleet",
    "account",
    "account_fleet",
    "base",
    "web",
    "sms",
    "calendar",
    "hr",
    "sale",
]


def odoo_translations(odoo_src, lang):
    table = {}
    roots = [pathlib.Path(odoo_src, "addons"), pathlib.Path(odoo_src, "odoo", "addons")]
    for name in SOURCES:
        for root in roots:
            po_path = root / name / "i18n" / f"{lang}.po"
            if po_path.exists():
                for entry in polib.pofile(str(po_path)):
                    if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                        table.setdefault(entry.msgid, entry.msgstr)
    return table


def fill(po_path, odoo, glossary, fallback=None):
    po = polib.pofile(str(po_path), wrapwidth=78)
    for entry in po:
        if entry.msgstr or not entry.msgid:
            continue
        entry.msgstr = glossary.get(entry.msgid) or odoo.get(entry.msgid) or ""
        if not entry.msgstr and fallback:
            entry.msgstr = fallback(entry.msgid)
    # our glossary wins over an earlier automatic fill when they differ
    for entry in po:
        if entry.msgid in glossary and entry.msgstr != glossary[entry.msgid]:
            entry.msgstr = glossary[entry.msgid]
    po.save(str(po_path))
    return [e.msgid for e in po if not e.msgstr and e.msgid]


def main(odoo_src, po_dir):
    here = pathlib.Path(__file__).parent / "i18n"
    po_dir = pathlib.Path(po_dir)
    cn_gloss = json.loads((here / "zh_CN.json").read_text(encoding="utf-8"))
    missing = fill(po_dir / "zh_CN.po", odoo_translations(odoo_src, "zh_CN"), cn_gloss)
    print(f"zh_CN: {len(missing)} untranslated")
    for msgid in missing:
        print("  ", json.dumps(msgid, ensure_ascii=False))
    cn = {e.msgid: e.msgstr for e in polib.pofile(str(po_dir / "zh_CN.po")) if e.msgstr}
    tw_gloss_path = here / "zh_TW.json"
    tw_gloss = (
        json.loads(tw_gloss_path.read_text(encoding="utf-8")) if tw_gloss_path.exists() else {}
    )
    try:
        import opencc

        convert = opencc.OpenCC("s2twp").convert
    except ImportError:
        convert = None
    missing = fill(
        po_dir / "zh_TW.po",
        odoo_translations(odoo_src, "zh_TW"),
        tw_gloss,
        fallback=(lambda msgid: convert(cn[msgid]) if msgid in cn else "") if convert else None,
    )
    print(f"zh_TW: {len(missing)} untranslated")


if __name__ == "__main__":
    main(*sys.argv[1:])
