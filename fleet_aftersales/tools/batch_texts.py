# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The texts of a batch (thousands of notes and summaries of one daily run), written for
their readers at the cost of a few: each reader's environment, each message's translation
and each formatted date asked once per language, then filled in with plain string
formatting, as ``env._`` itself does (``translation % values``): the same texts."""

from odoo.tools import format_date


def run_memo(env):
    """The memo of the daily action's run (context ``fleet_aftersales_run``: its
    :class:`BatchTexts`), for what its batches ask alike; else a new dict."""
    run = env.context.get("fleet_aftersales_run")
    return run.memo if run is not None else {}


class BatchTexts:
    """Memo of one batch's texts, by company and user (the readers' environments,
    ``res.company._aftersales_reader_env``) and by language (translations, dates)."""

    def __init__(self):
        self._readers = {}
        self._translations = {}
        self._dates = {}
        #: the kinds' labels by language (``fleet.aftersales.callback._kind_labels``)
        self.labels = {}
        #: anything else a batch asks once (model ids), by key
        self.memo = {}

    def reader(self, company, user=None):
        """The texts of ``company._aftersales_reader_env(user)``: a :class:`ReaderTexts`."""
        key = (company.id, user.id if user else None, user.lang if user else None)
        if key not in self._readers:
            self._readers[key] = ReaderTexts(self, company._aftersales_reader_env(user))
        return self._readers[key]

    def of_env(self, env):
        """The texts of a reader's environment ``env`` (of its language)."""
        key = ("env", env.lang)
        if key not in self._readers:
            self._readers[key] = ReaderTexts(self, env)
        return self._readers[key]


class ReaderTexts:
    """One reader's texts: ``env`` (its environment), ``_`` (as ``env._``, for plain text)
    and ``date`` (as ``format_date(env, day)``), each asked of Odoo once a batch."""

    def __init__(self, batch, env):
        self.batch = batch
        self.env = env

    def _(self, source, **values):
        """``env._(source, **values)``, the translation asked once a batch."""
        key = (self.env.lang, source)
        translations = self.batch._translations
        if key not in translations:
            translations[key] = self.env._(source)
        if not values:
            return translations[key]
        try:
            return translations[key] % values
        except (TypeError, ValueError, KeyError):
            return self.env._(source, **values)  # a faulty translation: Odoo's own fallback

    def date(self, day):
        """``format_date(env, day)``, once per language and day."""
        key = (self.env.lang, day)
        dates = self.batch._dates
        if key not in dates:
            dates[key] = format_date(self.env, day)
        return dates[key]
