"""Fill the untranslated entries of our .po files, and only those.

An entry is filled only while its msgstr is empty (msgstr ""): a non-empty translation,
whether a translator wrote it or an earlier run filled it, is never overwritten, so a
translator's correction in the .po file survives every `make i18n`. Obsolete (#~) and
plural entries are left alone. The candidates, in order:

1. A JSON glossary of our own terms (scripts/i18n/<lang>.json), kept in the repo: every
   reviewed translation of the module is there, zh_TW in Taiwan usage, so a regenerated
   .po reads as the reviewed one.
2. Odoo's own translations of the same msgid (mail, fleet, account, base...), so the
   mixin fields and shared words read exactly as in the rest of Odoo.
3. zh_TW only: what is still missing is converted from zh_CN with OpenCC (s2twp, Taiwan
   phrasing), then the words OpenCC leaves mainland or gets wrong are replaced
   (scripts/i18n/zh_TW_words.json: regular expression -> Taiwan word, e.g. 專案 -> 項目
   for a repair item, 保修 -> 保固, 短信 -> 簡訊), for a translator to review.

A glossary change therefore reaches only new or emptied entries: to apply a corrected
glossary term to an existing translation, empty that msgstr in the .po file (or edit it
there). The entries whose translation differs from the glossary are listed, for review,
and kept as they are.

Usage: po_fill.py ODOO_SRC PO_DIR
"""

import json
import pathlib
import re
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


def _is_fillable(entry):
    """Only an empty, live, singular entry is ours to fill."""
    return not entry.msgstr and entry.msgid and not entry.obsolete and not entry.msgid_plural


def fill(po_path, odoo, glossary, fallback=None):
    """Fill the empty entries of ``po_path``; a non-empty msgstr is never changed.

    :returns: ``(missing, differing)``: the msgids still untranslated, and those whose
        kept translation differs from the glossary (reported, not overwritten).
    """
    po = polib.pofile(str(po_path), wrapwidth=78)
    for entry in filter(_is_fillable, po):
        entry.msgstr = glossary.get(entry.msgid) or odoo.get(entry.msgid) or ""
        if not entry.msgstr and fallback:
            entry.msgstr = fallback(entry.msgid)
    po.save(str(po_path))
    live = [e for e in po if e.msgid and not e.obsolete and not e.msgid_plural]
    missing = [e.msgid for e in live if not e.msgstr]
    differing = [e.msgid for e in live if e.msgstr and glossary.get(e.msgid, e.msgstr) != e.msgstr]
    return missing, differing


def report(lang, missing, differing, listing=True):
    """Print the msgids left untranslated and those whose translation differs from the glossary."""
    groups = [("untranslated", missing)]
    if differing:
        groups.append(("kept translations differ from the glossary (not changed)", differing))
    for label, msgids in groups:
        print(f"{lang}: {len(msgids)} {label}")
        for msgid in msgids if listing else ():
            print("  ", json.dumps(msgid, ensure_ascii=False))


def _load(path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def taiwan_converter(cn, words):
    """zh_CN msgstr -> zh_TW: OpenCC (s2twp), then our Taiwan ``words``; None without OpenCC."""
    try:
        import opencc
    except ImportError:
        return None
    convert = opencc.OpenCC("s2twp").convert

    def to_tw(msgid):
        text = convert(cn[msgid]) if msgid in cn else ""
        for pattern, taiwan in words.items():
            text = re.sub(pattern, taiwan, text)
        return text

    return to_tw


def main(odoo_src, po_dir):
    here = pathlib.Path(__file__).parent / "i18n"
    po_dir = pathlib.Path(po_dir)
    cn_gloss = json.loads((here / "zh_CN.json").read_text(encoding="utf-8"))
    report("zh_CN", *fill(po_dir / "zh_CN.po", odoo_translations(odoo_src, "zh_CN"), cn_gloss))
    cn = {e.msgid: e.msgstr for e in polib.pofile(str(po_dir / "zh_CN.po")) if e.msgstr}
    tw_result = fill(
        po_dir / "zh_TW.po",
        odoo_translations(odoo_src, "zh_TW"),
        _load(here / "zh_TW.json"),
        fallback=taiwan_converter(cn, _load(here / "zh_TW_words.json")),
    )
    report("zh_TW", *tw_result, listing=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
