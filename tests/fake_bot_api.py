"""A fake Telegram Bot API server on loopback, for the real python-telegram-bot loop.

It speaks the Bot API's HTTP shape: POST /bot<TOKEN>/<method>, form-encoded or JSON bodies
(non-string form values are JSON), answers {"ok": true, "result": ...} or
{"ok": false, "error_code": ..., "description": ...}. Like Telegram:
- getUpdates is long-polled, and calling it with an ``offset`` confirms every earlier update,
  which is then gone for good: a restarted bot never sees it again (so a restart bug that
  loses or repeats answers shows here as it would in production);
- HTML it could not parse and texts over 4,096 characters are rejected.

Faults are injected per method, one call at a time: an error status (5xx, 429 with
``retry_after``, 403 …), a slow response (the call takes effect, the answer comes late), or a
dropped connection (no response at all; the call taking effect or not).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.telegram_html_check import telegram_html_problems

BOT_ID = 777000111
BOT_USERNAME = "mailbot_test_bot"
LONG_POLL_CAP = 0.5  # seconds a getUpdates may hang here, whatever the client asks


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    message_id: int | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class Fault:
    """What happens to one call of a method instead of (or besides) its normal answer."""

    status: int | None = None  # answer this error instead of calling the method
    body: dict[str, Any] = field(default_factory=dict)
    delay: float = 0.0  # the method runs, then its answer waits this long
    drop: bool = False  # no answer: the connection is closed
    processed: bool = True  # with ``drop``: whether the method ran before the close


@dataclass
class Reply:
    status: int
    payload: dict[str, Any]
    delay: float = 0.0
    drop: bool = False


@dataclass
class FakeBotApi:
    token: str
    admins: set[int] = field(default_factory=set)
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[Sent] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    confirmed_below: int = 0  # update ids under this were confirmed and are gone
    requests_seen: list[str] = field(default_factory=list)
    pushed_at: dict[int, float] = field(default_factory=dict)
    condition: threading.Condition = field(default_factory=threading.Condition)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))
    server: ThreadingHTTPServer | None = None

    # -- driving it from a test ------------------------------------------------------------

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        with self.condition:
            update_id = next(self._ids)
            self.updates.append({"update_id": update_id, kind: payload})
            self.pushed_at[update_id] = time.monotonic()
            self.condition.notify_all()
            return update_id

    def push_message(self, text: str, *, user_id: int = 42, chat_id: int | None = None,
                     chat_type: str = "private", entities: list[dict[str, Any]] | None = None,
                     reply_to: dict[str, Any] | None = None, is_bot: bool = False,
                     language_code: str = "en") -> int:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": chat_id if chat_id is not None else user_id, "type": chat_type,
                     **({"title": "support"} if chat_type != "private" else {})},
            "from": {"id": user_id, "is_bot": is_bot, "first_name": f"user{user_id}",
                     "language_code": language_code},
            "text": text,
        }
        if entities is None and text.startswith("/"):
            command = text.split()[0]
            entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return self.push("message", message)

    def push_callback(self, data: str, message: dict[str, Any], user_id: int = 42) -> int:
        return self.push("callback_query", {
            "id": f"cb{next(self._ids)}", "chat_instance": "ci", "data": data,
            "from": {"id": user_id, "is_bot": False, "first_name": "user"},
            "message": message})

    def push_inline(self, query: str, user_id: int = 42) -> int:
        return self.push("inline_query", {
            "id": f"iq{next(self._ids)}", "query": query, "offset": "",
            "from": {"id": user_id, "is_bot": False, "first_name": "user"}})

    def inject(self, method: str, fault: Fault) -> None:
        with self.condition:
            self.faults.setdefault(method, []).append(fault)

    def fail_next(self, method: str, status: int, body: dict[str, Any]) -> None:
        self.inject(method, Fault(status=status, body=body))

    def slow_next(self, method: str, seconds: float) -> None:
        self.inject(method, Fault(delay=seconds))

    def drop_next(self, method: str, *, processed: bool) -> None:
        self.inject(method, Fault(drop=True, processed=processed))

    def pending_updates(self) -> list[int]:
        with self.condition:
            return [u["update_id"] for u in self.updates]

    def sent(self, method: str | None = None,
             where: Callable[[Sent], bool] | None = None) -> list[Sent]:
        with self.condition:
            return [c for c in self.calls if (method is None or c.method == method)
                    and (where is None or where(c))]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self.condition:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.condition.wait(min(left, 0.2))
        return True

    # -- the server side ---------------------------------------------------------------------

    def handle(self, path: str, body: bytes, content_type: str) -> Reply:
        self.requests_seen.append(path)
        prefix = f"/bot{self.token}/"
        if not path.startswith("/bot"):
            return Reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        if not path.startswith(prefix):
            return Reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = path[len(prefix):]
        params = _parse(body, content_type)
        with self.condition:
            queued = self.faults.get(method)
            fault = queued.pop(0) if queued else Fault()
            if fault.status is not None or (fault.drop and not fault.processed):
                label = f"{method}!{fault.status}" if fault.status else f"{method}!dropped"
                self.calls.append(Sent(label, params))
                self.condition.notify_all()
                return Reply(fault.status or 0, fault.body, drop=fault.drop)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            return Reply(404, {"ok": False, "error_code": 404,
                               "description": "Not Found: method"})
        result = handler(params)
        status, payload = result if isinstance(result, tuple) else (200, {"ok": True,
                                                                          "result": result})
        return Reply(status, payload, delay=fault.delay, drop=fault.drop)

    def _record(self, method: str, params: dict[str, Any]) -> Sent:
        with self.condition:
            sent = Sent(method, params, next(self._message_ids))
            self.calls.append(sent)
            self.condition.notify_all()
            return sent

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Mailbot",
                "username": BOT_USERNAME, "can_join_groups": True,
                "can_read_all_group_messages": False, "supports_inline_queries": True}

    def api_getMe(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    def api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def api_setWebhook(self, params: dict[str, Any]) -> Any:
        self._record("setWebhook", params)
        return True

    def api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        wait = min(float(params.get("timeout") or 0), LONG_POLL_CAP)
        deadline = time.monotonic() + wait
        with self.condition:
            if offset > self.confirmed_below:  # Telegram forgets what an offset confirms
                self.confirmed_below = offset
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while True:
                left = deadline - time.monotonic()
                if self.updates or left <= 0:
                    return self.updates[:limit]
                self.condition.wait(left)

    def _message_result(self, params: dict[str, Any], sent: Sent) -> dict[str, Any]:
        chat_id = int(params.get("chat_id") or 0)
        return {"message_id": sent.message_id, "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": self._bot_user(), "text": params.get("text", "")}

    def _check_text(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        text = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            problems = telegram_html_problems(text)
        else:
            problems = ["empty message"] if not text.strip() else (
                ["longer than 4096 characters"] if len(text) > 4096 else [])
        if problems:
            return 400, {"ok": False, "error_code": 400,
                         "description": f"Bad Request: can't parse entities: {problems[0]}"}
        return None

    def api_sendMessage(self, params: dict[str, Any]) -> Any:
        rejected = self._check_text(params)
        if rejected:
            self._record("sendMessage!400", params)
            return rejected
        return self._message_result(params, self._record("sendMessage", params))

    def api_sendDocument(self, params: dict[str, Any]) -> Any:
        document = params.get("document")
        if not isinstance(document, dict) or not document.get("content"):
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: there is no document in the request"}
        return self._message_result(params, self._record("sendDocument", params))

    def api_editMessageText(self, params: dict[str, Any]) -> Any:
        rejected = self._check_text(params)
        if rejected:
            self._record("editMessageText!400", params)
            return rejected
        return self._message_result(params, self._record("editMessageText", params))

    def api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._record("sendChatAction", params)
        return True

    def api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        self._record("answerCallbackQuery", params)
        return True

    def api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        for result in params.get("results", []):
            content = result.get("input_message_content", {})
            if content.get("parse_mode") == "HTML":
                problems = telegram_html_problems(content.get("message_text", ""))
                if problems:
                    return 400, {"ok": False, "error_code": 400,
                                 "description": f"Bad Request: {problems[0]}"}
        self._record("answerInlineQuery", params)
        return True

    def api_getChatMember(self, params: dict[str, Any]) -> Any:
        user_id = int(params["user_id"])
        status = "administrator" if user_id in self.admins else "member"
        member: dict[str, Any] = {
            "status": status, "user": {"id": user_id, "is_bot": False, "first_name": "u"}}
        if status == "administrator":
            member.update({key: True for key in (
                "can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
                "can_manage_video_chats", "can_restrict_members", "can_promote_members",
                "can_change_info", "can_invite_users", "can_post_stories",
                "can_edit_stories", "can_delete_stories")})
        return member

    def api_setMyCommands(self, params: dict[str, Any]) -> Any:
        self._record("setMyCommands", params)
        return True

    def api_setMyDescription(self, params: dict[str, Any]) -> Any:
        self._record("setMyDescription", params)
        return True

    def api_setMyShortDescription(self, params: dict[str, Any]) -> Any:
        self._record("setMyShortDescription", params)
        return True


def _parse(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("multipart/form-data"):
        return _parse_multipart(body, content_type)
    if "json" in content_type:
        loaded = json.loads(body)
        return loaded if isinstance(loaded, dict) else {}
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        try:
            params[key] = json.loads(value) if value[:1] in "[{" else value
        except json.JSONDecodeError:
            params[key] = value
    return params


def _parse_multipart(body: bytes, content_type: str) -> dict[str, Any]:
    """A file upload (sendDocument): fields as values, files as {filename, content}."""
    message = BytesParser(policy=default_policy).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        content = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            params[name] = {"filename": filename, "content": content}
            continue
        text = content.decode()
        try:
            params[name] = json.loads(text) if text[:1] in "[{" else text
        except json.JSONDecodeError:
            params[name] = text
    return params


def start_fake_bot_api(api: FakeBotApi) -> FakeBotApi:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            reply = api.handle(self.path, body, self.headers.get("Content-Type", ""))
            if reply.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            time.sleep(reply.delay)
            data = json.dumps(reply.payload).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # The client may give up first (a long poll cut short at shutdown).
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: test output must not carry request lines

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 512  # a burst of concurrent updates opens many connections

    api.server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=api.server.serve_forever, daemon=True).start()
    return api


def stop_fake_bot_api(api: FakeBotApi) -> None:
    if api.server is not None:
        api.server.shutdown()
        api.server.server_close()
