"""The staff console's pages as plain HTML (no script): a frame with the navigation, and one
function a page. Every value is escaped; every control has a label and an id."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import quote

from learncenter.registry.centers import CODE_LIFETIME
from learncenter.registry.console_accounts import IssuedCode
from learncenter.registry.console_figures import CHINA, CenterRow, DayRow, KeyRow
from learncenter.registry.console_words import Words

_STYLE = ("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei',sans-serif;margin:0;"
          "color:#222}header{background:#1f4e79;color:#fff;padding:.6em 1.5em;display:flex;gap:1.5em;"
          "align-items:center;flex-wrap:wrap}header a{color:#fff}header .brand{font-weight:bold;font-size:1.1em}"
          "nav a{margin-right:1em}main{padding:1em 1.5em}table{border-collapse:collapse;margin:.6em 0}"
          "td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;white-space:nowrap}"
          "th{background:#eef2f7;white-space:normal;vertical-align:bottom;max-width:8em}td.n{text-align:right}tr.total td{font-weight:bold}"
          ".message{color:#a00;font-weight:bold}.done{color:#075;font-weight:bold}.intro{max-width:60em;color:#444}"
          "textarea{font-family:monospace}form p{margin:.5em 0}")


def e(text: object) -> str:
    return html.escape(str(text))


def moment(value: datetime | None, w: Words) -> str:
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value is not None else w("never")


def document(w: Words, title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="{"en" if w.lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width"><title>{e(title)} · {e(w("title"))}</title>'
            f"<style>{_STYLE}</style></head><body>{body}</body></html>")


def frame(w: Words, path: str, account: str, role: str, title: str, content: str, *,
          message: str = "", done: str = "") -> str:
    """A page of a signed-in account: the header (pages, account, language, sign out) and ``content``."""
    other = "zh" if w.lang == "en" else "en"
    pages = "".join(f'<a id="nav-{name}" href="/console/{name}?lang={w.lang}">{e(w("nav_" + name))}</a>'
                    for name in ("centers", "codes", "keys", "days"))
    header = (f'<header><span class="brand">{e(w("title"))}</span><nav>{pages}</nav>'
              f'<span id="account">{e(w("signed_in_as", name=account, role=w(f"role_{role}")))}</span>'
              f'<a id="language" href="{e(path)}?lang={other}">{e(w("other_language"))}</a>'
              f'<a id="sign-out" href="/console/logout?lang={w.lang}">{e(w("sign_out"))}</a></header>')
    notes = (f'<p class="message" id="message" role="alert">{e(message)}</p>' if message else "") + \
            (f'<p class="done" id="done" role="status">{e(done)}</p>' if done else "")
    return document(w, title, f"{header}<main><h1>{e(title)}</h1>{notes}{content}</main>")


def sign_in(w: Words, message: str = "") -> str:
    other = "zh" if w.lang == "en" else "en"
    return document(w, w("sign_in_title"), (
        f'<header><span class="brand">{e(w("title"))}</span>'
        f'<a id="language" href="/console?lang={other}">{e(w("other_language"))}</a></header><main>'
        f'<h1>{e(w("sign_in_title"))}</h1>'
        + (f'<p class="message" id="message" role="alert">{e(message)}</p>' if message else "")
        + f'<form method="post" action="/console/login?lang={w.lang}">'
          f'<p><label for="name">{e(w("name"))}</label> <input id="name" name="name" autocomplete="username"></p>'
          f'<p><label for="password">{e(w("password"))}</label> <input id="password" name="password" '
          f'type="password" autocomplete="current-password"></p>'
          f'<p><button id="sign-in" type="submit">{e(w("sign_in"))}</button></p></form></main>'))


def _table(table_id: str, heads: Sequence[str], rows: Sequence[str]) -> str:
    return (f'<table id="{table_id}"><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in heads)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def centers(w: Words, rows: Sequence[CenterRow], query: str) -> str:
    cells = []
    for row in rows:
        numbers = (row.batches_waiting, row.entries_waiting, row.requests_waiting, row.batches_committed,
                   row.accepted, row.returned)
        cells.append(f'<tr id="center-{e(row.center_id)}"><td>{e(row.center_id)}</td><td>{e(row.name)}</td>'
                     f"<td>{e(moment(row.last_seen, w))}</td><td>{e(row.client_version or '—')}</td>"
                     f'<td>{e(w("key_active") if row.active_key else w("key_none"))}</td>'
                     + "".join(f'<td class="n">{n}</td>' for n in numbers) + "</tr>")
    heads = [w(k) for k in ("col_center", "col_name", "col_last_seen", "col_version", "col_key", "col_waiting",
                            "col_waiting_entries", "col_requests", "col_batches", "col_accepted", "col_returned")]
    search = (f'<form method="get" action="/console/centers"><input type="hidden" name="lang" value="{w.lang}">'
              f'<label for="q">{e(w("filter"))}</label> <input id="q" name="q" value="{e(query)}" size="16"> '
              f'<button id="find" type="submit">{e(w("find"))}</button></form>')
    listing = (f'<p id="count">{e(w("centers_count", count=len(rows)))}</p>' + _table("centers", heads, cells)) \
        if rows else f'<p id="empty">{e(w("no_centers"))}</p>'
    return f'<p class="intro">{e(w("centers_intro"))}</p>{search}{listing}'


def codes_form(w: Words, token: str, operator: bool, text: str = "") -> str:
    intro = f'<p class="intro">{e(w("codes_intro", hours=int(CODE_LIFETIME.total_seconds() // 3600)))}</p>'
    if not operator:
        return intro + f'<p id="operators-only">{e(w("operators_only"))}</p>'
    return intro + (
        f'<form method="post" action="/console/codes?lang={w.lang}"><input type="hidden" name="token" value="{token}">'
        f'<p><label for="centers-field">{e(w("centers_field"))}</label></p>'
        f'<p><textarea id="centers-field" name="centers" rows="10" cols="50" '
        f'placeholder="11001, 北京学习中心">{e(text)}</textarea></p>'
        f'<p><button id="issue" type="submit">{e(w("issue"))}</button></p></form>')


def codes_csv(issued: Sequence[IssuedCode]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["center_id", "name", "code", "valid_until"])
    for item in issued:
        writer.writerow([item.center_id, item.name, item.code, item.expires_at.astimezone(CHINA).isoformat("T", "minutes")])
    return "\ufeff" + out.getvalue()  # the byte order mark: a spreadsheet then reads the Chinese names right


def codes_issued(w: Words, issued: Sequence[IssuedCode], stamp: datetime) -> str:
    rows = [f'<tr><td>{e(item.center_id)}</td><td>{e(item.name)}</td><td class="code">{e(item.code)}</td>'
            f"<td>{e(moment(item.expires_at, w))}</td></tr>" for item in issued]
    name = f"enrollment-codes-{stamp.astimezone(CHINA):%Y%m%d-%H%M}.csv"
    link = (f'<p><a id="download" download="{name}" href="data:text/csv;charset=utf-8,{quote(codes_csv(issued))}">'
            f'{e(w("download"))}</a></p>')
    return link + _table("issued", [w("col_center"), w("col_name"), w("col_code"), w("col_expires")], rows)


def keys(w: Words, rows: Sequence[KeyRow], operator: bool) -> str:
    cells = [f'<tr id="key-{e(row.key_id)}"><td>{e(row.center_id)}</td><td>{e(row.center_name)}</td>'
             f"<td><code>{e(row.key_id)}</code></td><td>{e(row.device_name)}</td><td>{e(row.client_version or '—')}"
             f"</td><td>{e(moment(row.created_at, w))}</td><td>{e(moment(row.last_seen, w))}</td>"
             + (f'<td><a id="revoke-{e(row.key_id)}" href="/console/keys/{quote(row.key_id)}/revoke?lang={w.lang}">'
                f'{e(w("revoke"))}</a></td>' if operator else "") + "</tr>" for row in rows]
    heads = [w(k) for k in ("col_center", "col_name", "col_key_id", "col_device", "col_version", "col_created",
                            "col_last_seen")] + ([""] if operator else [])
    note = "" if operator else f'<p id="operators-only">{e(w("operators_only"))}</p>'
    return (f'<p class="intro">{e(w("keys_intro"))}</p>{note}'
            + (_table("keys", heads, cells) if rows else f'<p id="empty">{e(w("no_keys"))}</p>'))


def confirm_revoke(w: Words, token: str, key: KeyRow, operator: bool) -> str:
    text = f'<p id="confirm-text">{e(w("confirm_text", center=key.center_id, name=key.center_name or "—"))}</p>'
    if not operator:
        return text + f'<p id="operators-only">{e(w("operators_only"))}</p>'
    return (text + f'<form method="post" action="/console/keys/{quote(key.key_id)}/revoke?lang={w.lang}">'
            f'<input type="hidden" name="token" value="{token}">'
            f'<p><button id="confirm" type="submit">{e(w("confirm"))}</button> '
            f'<a id="cancel" href="/console/keys?lang={w.lang}">{e(w("cancel"))}</a></p></form>')


def days(w: Words, rows: Sequence[DayRow], first: date | str, last: date | str) -> str:
    form = (f'<form method="get" action="/console/days"><input type="hidden" name="lang" value="{w.lang}">'
            f'<label for="from">{e(w("from"))}</label> <input id="from" name="from" value="{e(first)}" size="10" '
            f'placeholder="2026-12-01"> <label for="to">{e(w("to"))}</label> <input id="to" name="to" '
            f'value="{e(last)}" size="10" placeholder="2026-12-04"> <button id="show" type="submit">{e(w("show"))}'
            "</button></form>")
    figures = [(row.batches_received, row.entries_received, row.batches_committed, row.accepted, row.returned)
               for row in rows]
    cells = [f'<tr id="day-{row.day.isoformat()}"><td>{row.day.isoformat()}</td>'
             + "".join(f'<td class="n">{n}</td>' for n in numbers) + "</tr>" for row, numbers in zip(rows, figures)]
    if rows:
        cells.append(f'<tr id="total" class="total"><td>{e(w("total"))}</td>'
                     + "".join(f'<td class="n">{sum(column)}</td>' for column in zip(*figures)) + "</tr>")
    heads = [w(k) for k in ("col_day", "col_batches_received", "col_entries_received", "col_committed",
                            "col_accepted", "col_returned")]
    return f'<p class="intro">{e(w("days_intro"))}</p>{form}' + (_table("days", heads, cells) if rows else "")
