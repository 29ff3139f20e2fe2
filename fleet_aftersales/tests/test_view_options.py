# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""How the module's views show their values (#16): times to the minute, the finished
states' kanban columns folded."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import DealerGroupCase

SHOWN_TYPES = ("list", "form", "kanban")


@tagged("post_install", "-at_install", "fleet_aftersales")
class TestViewOptions(DealerGroupCase):
    def _module_views(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", "fleet_aftersales"), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        return views.filtered(lambda v: v.type in SHOWN_TYPES)

    def _datetime_nodes(self, node, model):
        """The ``<field>`` nodes of datetime fields under ``node`` (of ``model``), the
        fields of an embedded one2many's view read on its comodel."""
        for child in node.iterchildren(tag=etree.Element):
            sub_model = model
            if child.tag == "field" and child.get("name") in model._fields:
                field = model._fields[child.get("name")]
                if field.type == "datetime":
                    yield model, child
                elif field.relational:
                    sub_model = self.env[field.comodel_name]
            yield from self._datetime_nodes(child, sub_model)

    def test_datetimes_show_no_seconds(self):
        """zh_CN's time format has seconds ("07时04分06秒"): the module's lists, forms and
        kanbans show its datetimes to the minute."""
        with_seconds = []
        for view in self._module_views():
            arch = etree.fromstring(view.arch_db)
            for model, node in self._datetime_nodes(arch, self.env[view.model]):
                if node.get("widget") == "date" or "1" in (
                    node.get("invisible"),
                    node.get("column_invisible"),
                ):
                    continue  # the day only, or not shown
                options = safe_eval(node.get("options") or "{}")
                if options.get("show_seconds", True):
                    with_seconds.append(f"{view.xml_id}: {model._name}.{node.get('name')}")
        self.assertFalse(with_seconds, "datetimes shown with their seconds")

    def test_finished_states_fold_in_kanban(self):
        """The kanbans grouped by state (all states shown) fold the lifecycle's ends, as
        Odoo folds its "Folded in Kanban" stages: the open work fits a 1440 px screen."""
        folded = {
            "fleet.aftersales.complaint": {"closed", "cancelled"},
            "fleet.aftersales.callback": {"cancelled"},
            "fleet.aftersales.visit": {"cancel"},
            "fleet.aftersales.appointment": {"cancelled"},
        }
        for model, states in folded.items():
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.manager_a)
                groups = Model.web_read_group([], ["state"], ["state"])["groups"]
                self.assertEqual(
                    {g["state"] for g in groups if g.get("__fold")}, states, "folded columns"
                )
                self.assertEqual(
                    {g["state"] for g in groups},
                    set(Model._fields["state"].get_values(self.env)),
                    "every state a column",
                )
