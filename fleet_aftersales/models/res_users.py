# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model
    def _get_aftersales_group_users(self, group_xmlid, company):
        """The active internal users of an after-sales group who work in ``company``
        (OdooBot aside), sorted by id: the pool of agents, the fallback manager."""
        root = self.env.ref("base.user_root")
        return (
            self.env.ref(group_xmlid)
            .users.filtered(
                lambda u: u.active and not u.share and u != root and company in u.company_ids
            )
            .sorted("id")
        )
