# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The survey link's public pages: the questionnaire a callback sent as a link.

Opening the link (GET) never writes: mail and chat link scanners open every link before
the customer does. Only the customer's submit (POST, CSRF-protected) records the answers;
the first submit wins. A wrong, used or expired link shows a polite page, never data.
"""

import psycopg2

from odoo import http
from odoo.http import request
from odoo.tools import SQL

from ..models.fleet_aftersales_callback_answer import BAD_RATINGS
from ..tools.rate_limit import is_rate_limited

RATING_VALUES = ("5", "4", "3", "2", "1")


class AftersalesSurvey(http.Controller):
    @http.route(
        "/aftersales/survey/<int:callback_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def survey_page(self, callback_id, access_token=None, **kwargs):
        if refused := self._check_rate_limit("aftersales_survey"):
            return refused
        callback, status = self._get_survey_callback(callback_id, access_token)
        if status != "open":
            return self._render_message(callback, status)
        return self._render_survey(callback, access_token)

    @http.route(
        "/aftersales/survey/<int:callback_id>/submit",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        website=True,
        sitemap=False,
    )
    def survey_submit(self, callback_id, access_token=None, **post):
        if refused := self._check_rate_limit("aftersales_survey_submit"):
            return refused
        callback, status = self._get_survey_callback(callback_id, access_token)
        if status == "open" and not self._lock(callback):
            # another submit of the same link is being recorded: it wins
            status = "answered"
        elif status == "open":
            # locked: read the row again, a submit committed meanwhile has answered it
            callback.invalidate_recordset()
            status = callback._get_survey_status(access_token)
        if status != "open":
            return self._render_message(callback, status)
        answers_vals, tags_by_answer = self._parse_answers(callback, post)
        error, error_ids = callback._get_survey_refusal(answers_vals)
        if error:
            return self._render_survey(
                callback, access_token, post, tags_by_answer, error, error_ids
            )
        callback._submit_survey(
            answers_vals, post.get("suggestion"), wants_contact=bool(post.get("wants_contact"))
        )
        return self._render_message(callback, "thanks")

    # ---- Helpers ------------------------------------------------------------------------
    def _check_rate_limit(self, endpoint):
        """None, or the polite page of a refused request (HTTP 429)."""
        if is_rate_limited(request, endpoint):
            return self._render_message(request.env["fleet.aftersales.callback"], "busy", 429)
        return None

    def _get_survey_callback(self, callback_id, access_token):
        """``(callback, status)``: the callback of the link, as superuser, and the state
        of its survey ("open", "answered", "expired"), or an empty callback and None when
        the token does not open it."""
        # sudo: the visitor is public and has no access to callbacks; the link's token
        # is compared (consteq) with the stored one before anything else is read or shown
        callback = request.env["fleet.aftersales.callback"].sudo().browse(callback_id).exists()
        status = callback and callback._get_survey_status(access_token)
        if not status:
            return callback.browse(), None
        # the customer's language: questions, ratings and pages read in it
        lang = self._get_lang(callback.partner_id.lang)
        request.update_context(lang=lang)
        return callback.with_context(lang=lang), status

    def _get_lang(self, lang):
        installed = dict(request.env["res.lang"].get_installed())
        return lang if lang in installed else "en_US"

    def _lock(self, callback):
        """Lock the callback's row, without waiting: the first submit wins, a second one
        at the same moment is told the survey was answered."""
        try:
            with request.env.cr.savepoint(flush=False):
                # raw SQL: the ORM has no row lock; NOWAIT fails at once if locked
                request.env.cr.execute(
                    SQL(
                        "SELECT id FROM fleet_aftersales_callback WHERE id = %s FOR UPDATE NOWAIT",
                        callback.id,
                    )
                )
        except psycopg2.errors.LockNotAvailable:
            return False
        return True

    def _parse_answers(self, callback, post):
        """{answer: {"rating", "reason_tag_ids", "reason"}} of the posted form (values the
        controller checks itself: known ratings, existing reason tags), and the posted tag
        ids by answer id (to show the form again)."""
        form = request.httprequest.form
        # sudo: the public visitor reads no reason tags; only their ids are used, to keep
        # the posted ones that exist
        tag_ids = {
            str(tag.id) for tag in request.env["fleet.aftersales.reason.tag"].sudo().search([])
        }
        answers_vals, tags_by_answer = {}, {}
        for answer in callback.answer_ids:
            rating = post.get(f"rating_{answer.id}")
            tags = [t for t in form.getlist(f"reason_tag_{answer.id}") if t in tag_ids]
            tags_by_answer[answer.id] = tags
            answers_vals[answer] = {
                "rating": rating if rating in RATING_VALUES else False,
                "reason_tag_ids": [int(t) for t in tags],
                "reason": (post.get(f"reason_{answer.id}") or "")[:2000],
            }
        return answers_vals, tags_by_answer

    def _render_survey(
        self, callback, access_token, posted=None, posted_tags=None, error=None, error_ids=()
    ):
        env = callback.env
        ratings = callback.answer_ids._fields["rating"]._description_selection(env)
        return request.render(
            "fleet_aftersales.survey_page",
            {
                "callback": callback,
                "html_data": {"lang": callback.env.lang.replace("_", "-")},
                "company": callback.company_id,
                "res_company": callback.company_id,
                "answers": callback.answer_ids,
                "ratings": ratings,
                "bad_ratings": BAD_RATINGS,
                "reason_tags": env["fleet.aftersales.reason.tag"].search([]),
                "access_token": access_token,
                "posted": posted or {},
                "posted_tags": posted_tags or {},
                "error": error,
                "error_ids": error_ids,
            },
        )

    def _render_message(self, callback, status, code=200):
        # no callback (a wrong link): the page names no shop and shows nothing of it
        company = callback.company_id or request.env.company
        return request.render(
            "fleet_aftersales.survey_message",
            {
                "html_data": {"lang": (request.env.lang or "en_US").replace("_", "-")},
                "company": company,
                "res_company": company,
                "status": status or "invalid",
            },
            status=code,
        )
