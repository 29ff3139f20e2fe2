# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Simplified and Traditional Chinese ship complete with the module."""

import json
import pathlib
import unittest

import polib

from odoo.tests import TransactionCase, tagged

I18N = pathlib.Path(__file__).resolve().parent.parent / "i18n"
GLOSSARY = pathlib.Path(__file__).resolve().parents[2] / "scripts" / "i18n"
#: the dealer's words, where Odoo's or OpenCC's were wrong (issue 16)
DEALER_WORDS = {
    "Responsible": ("负责人", "負責人"),
    "Owner": ("车主", "車主"),
    "Delivered": ("已交车", "已交車"),
    "Next Call": ("下次拨打时间", "下次撥打時間"),
    "Reason Details": ("原因说明", "原因說明"),
    "Dissatisfaction Reasons": ("不满意原因", "不滿意原因"),
    "Car Model": ("车型", "車型"),
    "Campaigns": ("关怀活动", "關懷活動"),
    "SMS": ("短信", "簡訊"),
    "Warranty": ("保修", "保固"),
    "Work Done": ("维修项目", "維修項目"),
}


class TestTranslationFiles(unittest.TestCase):
    def test_every_term_translated(self):
        pot = polib.pofile(str(I18N / "fleet_aftersales.pot"))
        terms = {(e.msgctxt, e.msgid) for e in pot if e.msgid}
        self.assertGreater(len(terms), 500)
        for lang in ("zh_CN", "zh_TW"):
            with self.subTest(lang=lang):
                po = polib.pofile(str(I18N / f"{lang}.po"))
                translated = {
                    (e.msgctxt, e.msgid)
                    for e in po
                    if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
                }
                missing = sorted(msgid for _ctx, msgid in terms - translated)
                self.assertFalse(
                    missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"
                )

    def test_dealer_words(self):
        for lang, column in (("zh_CN", 0), ("zh_TW", 1)):
            po = {e.msgid: e.msgstr for e in polib.pofile(str(I18N / f"{lang}.po"))}
            for msgid, words in DEALER_WORDS.items():
                with self.subTest(lang=lang, msgid=msgid):
                    self.assertEqual(po.get(msgid), words[column])

    def test_po_agrees_with_glossary(self):
        """The reviewed words are in the glossaries (scripts/i18n/), which a regeneration
        fills an emptied or new entry from: the .po files say the same."""
        for lang in ("zh_CN", "zh_TW"):
            glossary = json.loads((GLOSSARY / f"{lang}.json").read_text(encoding="utf-8"))
            for entry in polib.pofile(str(I18N / f"{lang}.po")):
                if entry.msgid in glossary and not entry.obsolete:
                    with self.subTest(lang=lang, msgid=entry.msgid[:60]):
                        self.assertEqual(glossary.get(entry.msgid), entry.msgstr)

    def test_placeholders_kept(self):
        for lang in ("zh_CN", "zh_TW"):
            po = polib.pofile(str(I18N / f"{lang}.po"))
            for entry in po:
                for placeholder in ("%(", "{{", "t-out="):
                    if placeholder in entry.msgid:
                        with self.subTest(lang=lang, msgid=entry.msgid[:60]):
                            self.assertEqual(
                                entry.msgid.count(placeholder), entry.msgstr.count(placeholder)
                            )


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestChineseLoaded(TransactionCase):
    def test_zh_cn_loads_and_reads_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "fleet_aftersales")]
        )._update_translations(["zh_CN"])
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(env.ref("fleet_aftersales.fleet_aftersales_menu_root").name, "售后服务")
        self.assertEqual(
            env.ref("fleet_aftersales.mail_act_callback_satisfaction").name, "满意度回访"
        )
        labels = dict(
            env["fleet.aftersales.callback"]._fields["callback_type"]._description_selection(env)
        )
        self.assertEqual(labels["lost_customer"], "流失客户")
        self.assertEqual(
            env["fleet.aftersales.visit"]._fields["advisor_id"].get_description(env)["string"],
            "服务顾问",
        )
