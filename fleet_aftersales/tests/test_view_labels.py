# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One label, one field: no screen of the module shows two fields under the same words.

For every form, list, search and kanban view of the module (its own views, and the views
of fleet, contacts, accounting and settings it extends, read as ``get_views`` combines
them), in zh_CN and in zh_TW, the labels a user sees are collected: a field's ``string``
attribute (or its ``<label for>``), else the field's translated description. Two different
fields under one label fail, with the view and the label in the message. What Odoo does
not show is not counted: a field ``invisible="1"`` or ``column_invisible="1"`` (or inside
such an element); in a form, a field outside a ``<group>`` without a ``<label for>`` or
with ``nolabel="1"`` (but a stat button's ``statinfo`` shows its label); a field of a
kanban card without its own ``string``. The sub-views of a one2many or many2many field
(its list or form) are views of their own. In a search view, the fields (the search
suggestions), the filters and the group-bys are three menus, each checked on its own.
Odoo's own pairs (two fields neither of which the module defines or puts in a view, such
as the invoice lines' subtotal and total, both 金额 in Odoo's zh_CN) are Odoo's to fix.
"""

from collections import defaultdict

from lxml import etree

from odoo.tests import tagged

from .common import DealerGroupCase

LANGS = ("zh_CN", "zh_TW")
VIEW_TYPES = ("form", "list", "search", "kanban")
HIDDEN = {"1", "True", "true"}
SUBVIEWS = ("list", "form", "kanban")


def _hidden(node):
    return node.get("invisible") in HIDDEN or node.get("column_invisible") in HIDDEN


def _inside_subview(node, root):
    """Whether ``node`` belongs to an x2many sub-view nested below ``root``."""
    parent = node.getparent()
    while parent is not None and parent is not root:
        if parent.tag in SUBVIEWS and parent.getparent() is not None:
            if parent.getparent().tag == "field":
                return True
        parent = parent.getparent()
    return False


def _ancestors_hidden(node, root):
    parent = node.getparent()
    while parent is not None and parent is not root:
        if _hidden(parent):
            return True
        parent = parent.getparent()
    return False


def _form_label(node, label_for):
    """The label a form shows for the field ``node``: '' when it shows none, None when it
    shows the field's description."""
    name = node.get("name")
    if node.get("widget") == "statinfo":
        return node.get("string")
    if name in label_for:
        return label_for[name]
    if node.getparent().tag == "group" and node.get("nolabel") not in HIDDEN:
        return node.get("string")
    return ""


def duplicate_labels(root, fields, view_type):
    """``{(menu, label): {field names}}`` for the labels two fields share in ``root``.

    :param root: the arch element of one view (or of one x2many sub-view)
    :param fields: the ``fields`` of the view's model, as ``get_views`` gives them
    """
    labels = defaultdict(set)
    label_for = {
        label.get("for"): label.get("string")
        for label in root.iter("label")
        if label.get("for") and not _hidden(label) and not _inside_subview(label, root)
    }
    for node in root.iter("field", "filter"):
        if _inside_subview(node, root) or _hidden(node) or _ancestors_hidden(node, root):
            continue
        name = node.get("name")
        if node.tag == "filter":
            group_by = "group_by" in (node.get("context") or "")
            menu = "group by" if group_by else "filters"
            if node.get("string"):
                labels[(menu, node.get("string"))].add(name or node.get("string"))
            continue
        string = _form_label(node, label_for) if view_type == "form" else node.get("string")
        if string == "" or (not string and (view_type == "kanban" or name not in fields)):
            continue
        menu = "fields" if view_type == "search" else view_type
        labels[(menu, string or fields[name]["string"])].add(name)
    return {key: names for key, names in labels.items() if len(names) > 1}


def subviews(root, model, models):
    """The arch of ``root`` and of its x2many sub-views, each with its model and type."""
    yield root, model, root.tag
    for field in root.iter("field"):
        comodel = models.get(model, {}).get("fields", {}).get(field.get("name"), {})
        for child in field:
            if child.tag in SUBVIEWS and comodel.get("relation"):
                yield from subviews(child, comodel["relation"], models)


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestViewLabels(DealerGroupCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_TW")
        # Odoo's own labels of the views we extend, in both languages, as on install
        upstream = cls.env["ir.module.module"].search(
            [
                ("state", "=", "installed"),
                (
                    "name",
                    "in",
                    [
                        "base",
                        "web",
                        "mail",
                        "sms",
                        "phone_validation",
                        "fleet",
                        "fleet_vehicle_ownership",
                        "account",
                        "account_fleet",
                        "base_setup",
                        "fleet_aftersales",
                    ],
                ),
            ]
        )
        upstream._update_translations(list(LANGS))

    def _root_views(self):
        """Our views, each as the primary view ``get_views`` renders (an extension of
        another module's view is checked through the view it extends)."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "fleet_aftersales"), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id")).exists()
        roots = self.env["ir.ui.view"]
        for view in views.filtered(lambda v: v.type in VIEW_TYPES):
            while view.mode == "extension" and view.inherit_id:
                view = view.inherit_id
            roots |= view
        return roots

    def _reader(self, view, lang):
        """The model of ``view`` as the role who opens the screen reads it: the shop's
        manager, for invoices its accountant; the general settings only an administrator
        opens."""
        for user in (self.manager_a, self.accountant_a):
            model = self.env[view.model].with_user(user).with_context(lang=lang)
            if model.has_access("read"):
                return model
        return self.env[view.model].with_context(lang=lang)

    def _ours(self):
        """``{(model, field name)}``: the fields the module defines or puts in a view."""
        data = self.env["ir.model.data"].search(
            [("module", "=", "fleet_aftersales"), ("model", "=", "ir.model.fields")]
        )
        fields = self.env["ir.model.fields"].browse(data.mapped("res_id")).exists()
        ours = {(field.model, field.name) for field in fields}
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "fleet_aftersales"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        for view in views.exists():
            arch = etree.fromstring(view.arch_db)
            ours |= {(view.model, node.get("name")) for node in arch.iter("field", "filter")}
        return ours

    def _duplicates(self, view, lang, ours):
        result = self._reader(view, lang).get_views([(view.id, view.type)])
        arch = etree.fromstring(result["views"][view.type]["arch"])
        found = []
        for root, model, view_type in subviews(arch, view.model, result["models"]):
            fields = result["models"].get(model, {}).get("fields", {})
            for (menu, label), names in duplicate_labels(root, fields, view_type).items():
                if not any((model, name) in ours for name in names):
                    continue
                found.append(f"{view.xml_id} ({model}, {menu}): {label!r} for {sorted(names)}")
        return found

    def test_no_two_fields_share_a_label(self):
        views = self._root_views()
        self.assertGreater(len(views), 30)
        ours = self._ours()
        problems = []
        for lang in LANGS:
            for view in views:
                problems += [f"{lang} {line}" for line in self._duplicates(view, lang, ours)]
        self.assertFalse(problems, "Two fields under one label:\n" + "\n".join(problems))
