# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import SQL

from .models.fleet_aftersales_answer_summary import DIRTY, MARK_FUNCTION
from .populate import demo


def post_init_hook(env):
    """Generate the demo dealer (``populate/demo.py``) when the module is installed with
    demo; then sum up the rated answers already there per day (the statistics' summary).

    Odoo runs this hook once, at installation, after the data and demo files, and records on
    ``ir.module.module.demo`` whether it loaded the demo: a module update (the second
    ``make demo``) generates nothing again.
    """
    module = env["ir.module.module"].search([("name", "=", "fleet_aftersales")])
    if module.demo:
        demo.generate(env)
    env["fleet.aftersales.answer.summary"]._cron_summarise()


def uninstall_hook(env):
    """Drop what the answers' summary made in SQL (``fleet.aftersales.answer.summary.init``),
    which the ORM's uninstall does not know: the dirty days' table, and the triggers'
    function (its triggers with it, before the answers' table itself goes)."""
    env.cr.execute(
        SQL(
            "DROP TABLE IF EXISTS %s; DROP FUNCTION IF EXISTS %s() CASCADE",
            SQL.identifier(DIRTY),
            SQL.identifier(MARK_FUNCTION),
        )
    )
