# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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
