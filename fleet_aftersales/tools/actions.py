# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The window actions the module's buttons return."""


def records_action(env, xmlid, domain, context=None):
    """The window action ``xmlid`` showing the records of ``domain``; new records get
    the defaults of ``context``."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    action.update(domain=domain, context=context or {})
    return action


def form_action(record):
    """Open ``record`` in its form."""
    return {
        "type": "ir.actions.act_window",
        "res_model": record._name,
        "res_id": record.id,
        "view_mode": "form",
        "views": [(False, "form")],
    }
