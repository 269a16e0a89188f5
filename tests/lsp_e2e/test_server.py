"""End-to-end tests of `nianbao lsp` with pytest-lsp: the real binary over stdio, driven the way
an editor drives it. Adapted from ../shared/clients/example_test.py.

Run with scripts/lsp-e2e.sh (installs pytest-lsp, builds the binary, sets LSP_SERVER_CMD), or:

    LSP_SERVER_CMD="target/debug/nianbao lsp" \\
        ~/.cache/lsp-clients/pytest-lsp/bin/python -m pytest -p no:cacheprovider -q \\
        -o asyncio_default_fixture_loop_scope=function tests/lsp_e2e

Each test runs twice: the client offers ["utf-16"] (VS Code, nvim 0.7, Eglot), then
["utf-8", "utf-16"] (nvim 0.11, kak-lsp). The client declares no pull-diagnostics support, so
the server pushes (as to nvim 0.7 and Eglot); `test_pull_diagnostics` declares it and pulls.
"""
from __future__ import annotations

import asyncio
import os
import shlex
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER_CMD = shlex.split(os.environ.get("LSP_SERVER_CMD", ""))
if not SERVER_CMD:
    pytest.skip("set LSP_SERVER_CMD to the server command line", allow_module_level=True)

pytestmark = pytest.mark.asyncio

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_001 = (CORPUS / "seeds/001_7d7228ee9adc21b3.txt").read_text(encoding="utf-8")

# A report-like snippet (two markers: 政府信息公开, 本年新收): CJK before a number, a CRLF line,
# a character outside the BMP.
TEXT = "政府信息公开工作年度报告\n本年新收：123 件\r\n𠀀 总计 7\n"
URI = "file:///tmp/nianbao-e2e/report.txt"


# ---------------------------------------------------------------- position helpers
def _units(s: str, enc: str) -> int:
    if enc == "utf-8":
        return len(s.encode("utf-8"))
    if enc == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    return len(s)


def _lines(text: str) -> list[str]:
    """LSP line split: only \\n, \\r\\n and \\r end a line (not U+2028 etc.)."""
    out, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch in "\r\n":
            out.append("".join(cur))
            cur = []
            if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def pos(text: str, line: int, char_index: int, enc: str) -> types.Position:
    """Position of code point `char_index` on `line`, in the negotiated units."""
    return types.Position(line=line, character=_units(_lines(text)[line][:char_index], enc))


def offset(text: str, p: types.Position, enc: str) -> int:
    """Code-point offset into `text` of an LSP position given in `enc` units."""
    lines = _lines(text)
    base = 0
    for i in range(p.line):
        base += len(lines[i])
        base += 2 if text[base:base + 2] == "\r\n" else 1
    line, n = lines[p.line], 0
    for k, ch in enumerate(line):
        if n >= p.character:
            return base + k
        n += _units(ch, enc)
    assert n == p.character, f"position {p} is inside a character or past the line end"
    return base + len(line)


def apply_edits(text: str, edits: list[types.TextEdit], enc: str) -> str:
    spans = [(offset(text, e.range.start, enc), offset(text, e.range.end, enc), e.new_text) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def negotiated(result: types.InitializeResult) -> str:
    return str(result.capabilities.position_encoding or "utf-16")


# ---------------------------------------------------------------- fixture
def accept_registrations(lsp_client: LanguageClient) -> None:
    """The server registers a file watcher for the workspace index (VS Code's capabilities allow
    it); accept it as an editor would."""
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def _register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)
        return None



@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_CMD),
    params=[["utf-16"], ["utf-8", "utf-16"]],
    ids=["offer-utf16", "offer-utf8-first"],
)
async def client(lsp_client: LanguageClient, request):
    accept_registrations(lsp_client)
    caps = client_capabilities("visual-studio-code")
    caps.general = types.GeneralClientCapabilities(position_encodings=request.param)
    # push-only client; a client that pulls gets nothing pushed (test_pull_diagnostics)
    caps.text_document.diagnostic = None
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri="file:///tmp/nianbao-e2e",
            workspace_folders=[types.WorkspaceFolder(uri="file:///tmp/nianbao-e2e", name="t")],
        )
    )
    lsp_client.offered = request.param
    lsp_client.enc = negotiated(result)
    lsp_client.init_result = result
    yield
    await shutdown_with_timeout(lsp_client)


async def shutdown_with_timeout(client: LanguageClient, timeout: float = 10.0) -> float:
    """shutdown + exit (stdin stays open); fail, not hang, if the process does not exit.
    Returns the seconds between `exit` and the end of the process."""
    if getattr(client, "shut_down", False):
        return 0.0
    client.shut_down = True
    await asyncio.wait_for(client.shutdown_async(None), timeout)
    client.exit(None)
    started = time.monotonic()
    server = client._server
    try:
        await asyncio.wait_for(server.wait(), timeout)
    except asyncio.TimeoutError:
        server.kill()
        await server.wait()
        pytest.fail(f"server still running {timeout}s after exit")
    assert server.returncode == 0, f"exit after shutdown must give code 0, got {server.returncode}"
    return time.monotonic() - started


async def open_and_wait(client: LanguageClient, text: str = TEXT, uri: str = URI,
                        language_id: str = "plaintext") -> list[types.Diagnostic]:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)
        )
    )
    return await wait_for_version(client, uri, 1)


async def wait_for_version(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """Wait for the publishDiagnostics of `uri` at `version`."""
    async def loop():
        while True:
            params = await client.wait_for_notification("textDocument/publishDiagnostics")
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
    return await asyncio.wait_for(loop(), 10)


# ---------------------------------------------------------------- tests
async def test_negotiates_an_offered_encoding(client: LanguageClient):
    assert client.enc in client.offered, f"server picked {client.enc}, client offered {client.offered}"
    expected = "utf-8" if "utf-8" in client.offered else "utf-16"
    assert client.enc == expected
    caps = client.init_result.capabilities
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert caps.hover_provider


async def test_a_report_gets_diagnostics(client: LanguageClient):
    diags = await open_and_wait(client, SEED_001)
    # Until the reader lands the list is empty; what matters here is that it arrives, versioned,
    # and that whatever it holds is well formed.
    for d in diags:
        assert d.source == "nianbao"
        # no link unless the client says where the rule pages are (test_rule_docs_links)
        assert d.code_description is None
        offset(SEED_001, d.range.start, client.enc)  # a valid position in the negotiated unit
        offset(SEED_001, d.range.end, client.enc)


async def test_other_documents_get_one_empty_list(client: LanguageClient):
    uri = "file:///tmp/nianbao-e2e/notes.md"
    assert await open_and_wait(client, "# notes\nhello\n", uri=uri, language_id="markdown") == []


async def test_hover(client: LanguageClient):
    await open_and_wait(client)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=pos(TEXT, 1, 6, client.enc),  # on the "2" of "123"
        )
    )
    # whatever the engine says about the number, it says it in markdown, about a range on line 1
    if hover is not None:
        assert hover.contents.kind == types.MarkupKind.Markdown
        assert hover.range is None or hover.range.start.line == 1


async def test_hover_at_end_of_crlf_line_and_past_the_end(client: LanguageClient):
    await open_and_wait(client)
    for position in (pos(TEXT, 1, len("本年新收：123 件"), client.enc), types.Position(line=99, character=99)):
        await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=position)
        )


async def test_code_action_for_an_empty_range(client: LanguageClient):
    diags = await open_and_wait(client)
    cursor = pos(TEXT, 1, 6, client.enc)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(start=cursor, end=cursor),
            context=types.CodeActionContext(
                diagnostics=diags,
                only=[types.CodeActionKind.QuickFix],
                trigger_kind=types.CodeActionTriggerKind.Invoked,
            ),
        )
    )
    # only quick fixes, each applying cleanly (positions in the negotiated unit, CRLF kept)
    for action in actions or []:
        assert isinstance(action, types.CodeAction) and str(action.kind).startswith("quickfix")
        fixed = apply_edits(TEXT, action.edit.changes[URI], client.enc)
        assert "\r\n" in fixed


async def test_incremental_change_across_crlf(client: LanguageClient):
    await open_and_wait(client)
    # Replace "总计" on line 2 (after the CRLF line and the 𠀀): the server must track the edit.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=pos(TEXT, 2, 2, client.enc), end=pos(TEXT, 2, 4, client.enc)),
                    text="合计",
                )
            ],
        )
    )
    await wait_for_version(client, URI, 2)


async def test_shutdown_then_exit_ends_process_within_a_second(client: LanguageClient):
    await open_and_wait(client, SEED_001)
    took = await shutdown_with_timeout(client)
    assert client._server.returncode == 0
    assert took < 1.0, f"process took {took:.2f}s to end after exit"


# ---------------------------------------------------------------- seed 001, the reference case
async def test_seed_001_diagnostics_at_the_wrong_totals(client: LanguageClient):
    diags = await open_and_wait(client, SEED_001)
    nb102 = sorted((d.range.start.line, d.severity) for d in diags if d.code == "NB102")
    assert nb102 == [(282, types.DiagnosticSeverity.Error), (288, types.DiagnosticSeverity.Error)]
    nb030 = sorted((d.range.start.line, d.severity) for d in diags if d.code == "NB030")
    assert nb030 == [(97, types.DiagnosticSeverity.Information), (143, types.DiagnosticSeverity.Information)]
    d = next(d for d in diags if d.code == "NB102")
    start, end = offset(SEED_001, d.range.start, client.enc), offset(SEED_001, d.range.end, client.enc)
    assert SEED_001[start:end] == "165"
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=URI), position=d.range.start)
    )
    assert hover is not None and "（七）总计" in hover.contents.value and "165 ≠" in hover.contents.value


async def test_seed_001_quick_fix_then_edit_clears_the_diagnostics(client: LanguageClient):
    diags = await open_and_wait(client, SEED_001)
    # no fix is offered on the NB102 cell: no single cell explains it (relations.md §7.4)
    d = next(d for d in diags if d.code == "NB102")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(start=d.range.end, end=d.range.end),
            context=types.CodeActionContext(diagnostics=diags, only=[types.CodeActionKind.QuickFix]),
        )
    )
    assert not actions
    # the label variant's quick fix, asked for with an empty range at the cursor
    label = next(d for d in diags if d.code == "NB030" and d.range.start.line == 97)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            range=types.Range(start=label.range.start, end=label.range.start),
            context=types.CodeActionContext(diagnostics=diags, only=[types.CodeActionKind.QuickFix]),
        )
    )
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.is_preferred]
    assert fixes, f"no preferred quick-fix offered: {actions}"
    fixed = apply_edits(SEED_001, fixes[0].edit.changes[URI], client.enc)
    assert fixed.split("\n")[97] == "(二)部分公开(区分处理的,只计这一情形,不计其他情形) |"
    assert len(fixed) == len(SEED_001)  # one character replaced, nothing else moved
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    # NB509 (a breakdown in line 8's prose) and NB510 (六 silent on fees) are hints on the prose
    codes = sorted(d.code for d in await wait_for_version(client, URI, 2))
    assert codes == ["NB030", "NB102", "NB102", "NB509", "NB510"]
    # the author finds the application missing from （一）予以公开: 自然人 and 总计 60 → 61
    edits = [
        types.TextDocumentContentChangePartial(
            range=types.Range(start=pos(fixed, line, 0, client.enc), end=pos(fixed, line, 2, client.enc)), text="61"
        )
        for line in (89, 95)
    ]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=3), content_changes=edits
        )
    )
    assert sorted(d.code for d in await wait_for_version(client, URI, 3)) == ["NB030", "NB509", "NB510"]


RULE_DOCS = "file:///opt/nianbao/rules/"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_CMD))
async def docs_client(lsp_client: LanguageClient):
    """A client that ships the rule pages, as the VS Code extension does: `ruleDocs` in the
    initialization options and in the `nianbao` section it answers `workspace/configuration` with."""
    accept_registrations(lsp_client)
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = None
    lsp_client.set_configuration({"ruleDocs": RULE_DOCS}, section="nianbao")
    lsp_client.init_result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=caps, initialization_options={"nianbao": {"ruleDocs": RULE_DOCS}})
    )
    yield
    await shutdown_with_timeout(lsp_client)


async def test_rule_docs_links(docs_client: LanguageClient):
    diags = await open_and_wait(docs_client, SEED_001)
    assert diags, "seed 001 has findings"
    for d in diags:
        assert d.code_description is not None, d
        assert d.code_description.href == f"{RULE_DOCS}{d.code}.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_CMD))
async def pull_client(lsp_client: LanguageClient):
    """A client that declares pull diagnostics, as VS Code and Neovim 0.11 do."""
    accept_registrations(lsp_client)
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(dynamic_registration=False)
    lsp_client.init_result = await lsp_client.initialize_session(types.InitializeParams(capabilities=caps))
    yield
    await shutdown_with_timeout(lsp_client)


async def test_pull_diagnostics(pull_client: LanguageClient):
    lsp_client = pull_client
    assert lsp_client.init_result.capabilities.diagnostic_provider is not None
    lsp_client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="plaintext", version=1, text=SEED_001)
        )
    )
    report = await lsp_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=URI))
    )
    assert sorted(d.code for d in report.items) == ["NB030", "NB030", "NB102", "NB102", "NB509", "NB510"]
    again = await lsp_client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=URI), previous_result_id=report.result_id
        )
    )
    assert again.kind == "unchanged"
    assert not lsp_client.diagnostics.get(URI), "a pulling client must not also get pushed diagnostics"


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-p", "no:cacheprovider", "-q",
                          "-o", "asyncio_default_fixture_loop_scope=function"]))
