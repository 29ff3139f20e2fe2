# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.1.0: the daily action moved to ``fleet.aftersales.callback.generator`` and the
monthly statistics mail renders on ``fleet.aftersales.statistics.mail``. Both records are
noupdate: let this update load them again from their data files."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data SET noupdate = FALSE
         WHERE module = 'fleet_aftersales'
           AND name IN ('ir_cron_generate_callbacks', 'mail_template_monthly_statistics')
        """
    )
