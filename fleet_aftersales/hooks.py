# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .populate import demo


def post_init_hook(env):
    """Generate the demo dealer (``populate/demo.py``) when the module is installed with demo.

    Odoo runs this hook once, at installation, after the data and demo files, and records on
    ``ir.module.module.demo`` whether it loaded the demo: a module update (the second
    ``make demo``) generates nothing again.
    """
    # the rated answers' daily summary of the days already there (none on a new database)
    env["fleet.aftersales.answer.summary"]._cron_summarise()
    module = env["ir.module.module"].search([("name", "=", "fleet_aftersales")])
    if module.demo:
        demo.generate(env)
