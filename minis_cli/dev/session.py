"""DevSession: pre-flight, the mock in-process, the dev script, the wait for its port, the preview proxy,
and a clean shutdown. The one object `minis-py dev` drives (and tests can too)."""

from __future__ import annotations

import os
import posixpath
import re
import secrets
import signal
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import ExitCode, MinisError
from ..project import MOCK_SECRET_FILE, Project
from ..wording import noun, plural
from . import process

if TYPE_CHECKING:
    from ..config import MinisConfig
    from ..lint.model import LintOptions
    from ..mock import MockTikTok
    from .forwarder import Forwarder
    from .watch import BuildWatcher, Watcher

DEFAULT_START_TIMEOUT = float(os.environ.get("MINIS_DEV_START_TIMEOUT", "60"))
SPINNER = "|/-\\"


@dataclass(frozen=True, kw_only=True)
class DevOptions:
    client_key: str | None = None
    port: int = 0  # the preview's port
    mock_port: int = 0
    use_mock: bool = True
    watch: bool = True
    skip_checks: bool = False
    open_browser: bool = False
    start_timeout: float = DEFAULT_START_TIMEOUT
    script: str | None = None  # --script: the package.json script to run
    entry_path: str | None = None  # --path: the page's path on the dev server (else dev.entry, else /)
    webhook_url: str | None = None  # --webhook-url: where the mock's webhooks go (else package.json's minis-py.webhook-url)
    host: str | None = None  # --host: bind the preview and the mock here too (the LAN); else dev.host when not loopback
    csp: bool = True  # --no-csp: no Content-Security-Policy on the preview's pages
    scene: str | None = None  # --scene: a native game's launch scene
    query: str | None = None  # --query: a native game's launch query (a=1&b=2)
    game_allow_apis: tuple[str, ...] = ()  # --game-allow-api: undocumented APIs the game host provides (with dev.gameAllowApis)


def allowed_game_apis(config: MinisConfig, options: DevOptions) -> tuple[str, ...]:
    """The undocumented APIs the game host provides under dev: dev.gameAllowApis, then --game-allow-api, once each."""
    return tuple(dict.fromkeys((*config.dev_game_allow_apis, *options.game_allow_apis)))


def project_secret(root: Path) -> str:
    """The mock's per-project client secret, kept in .minis/ (git-ignored; never read or written through a link a
    checkout planted there, and only a plain token is taken from it)."""
    from ..localstate import UntrustedPath, read_private, write_private

    path = root / MOCK_SECRET_FILE
    data = read_private(path, 4096)
    secret = data.decode("ascii", "replace").strip() if data else ""
    if secret and all(c.isalnum() or c in "-_" for c in secret):
        return secret
    secret = secrets.token_urlsafe(24)
    try:
        write_private(path, (secret + "\n").encode(), root)
    except UntrustedPath as exc:
        raise MinisError(f"cannot keep the mock's client secret: {exc}", "Remove the link under .minis/ (minis-py keeps this machine's state there).") from None
    except OSError as exc:
        raise MinisError(f"cannot write {path}: {exc.strerror or exc}", "Check that the project folder is writable.") from None
    return secret


def port_open(port: int) -> bool:
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.settimeout(0.2)
                if sock.connect_ex((host, port)) == 0:
                    return True
        except OSError:
            continue
    return False


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES or host.lower().endswith(".localhost"):
        return True
    try:
        import ipaddress

        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            address = sock.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


class ChildExited(Exception):
    """The dev script ended before it listened: minis-py ends with its status."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class DevSession:
    def __init__(self, project: Project, options: DevOptions, out: TextIO, err: TextIO, isatty: bool = False) -> None:
        self.project = project
        self.options = options
        self.out = out
        self.err = err
        self.isatty = isatty
        # A plain flag, set from signal handlers: taking a lock there (Event.set) can deadlock with the
        # main thread waiting on the same lock.
        self.stop_requested = False
        self.mock: MockTikTok | None = None
        self.proxy: Forwarder | None = None
        self.child: process.ProcessGroup | None = None
        self.watcher: Watcher | None = None
        self.build_watcher: BuildWatcher | None = None
        self.findings: list[Any] = []

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def warn(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()

    # --- 1. pre-flight -----------------------------------------------------------------------------

    def lint_options(self, project: Project) -> LintOptions:
        """The same options `minis-py lint` would use here, package.json's "minis-py" settings included."""
        from ..lint.model import LintOptions
        from ..lint.settings import load_settings

        settings = load_settings(project)
        return LintOptions(select=settings.select, ignore=settings.ignore, per_file_ignores=settings.per_file_ignores, client_key=self.options.client_key)

    def preflight(self) -> bool:
        from ..lint.engine import run

        result = run(self.project, self.lint_options(self.project))
        self.findings = [d for d in result.diagnostics if not (d.rule_id == "MN003" and self.options.script)]  # --script names it
        package = self._package_findings()
        # A project-wide finding about the game (MN504, MN509: no line) made on both the engine project's marker and the
        # build's game.js is said once, on the package dev runs and TikTok gets (the build's verdict is what ships).
        said = {d.rule_id for d in package if _project_wide(d)}
        self.findings = [d for d in self.findings if not (_project_wide(d) and d.rule_id in said)] + package
        demoted = self._sources_only()
        compiled = self._compiled_from_clean_sources()
        errors = [d for d in self.findings if d.severity.value == "error"]
        from .watch import describe

        for d in self.findings:  # labelled as lint and the watcher label them; a blocking one with its fix, on its one line
            fix = f" (fix: {' '.join(d.hint.split())})" if d.severity.value == "error" and d.hint else ""
            self.warn(f"{d.severity.value}: {describe(d)}{fix}")
        if demoted:
            self.warn(
                f"note: {plural(demoted, 'error')} in the engine's sources {noun(demoted, 'does', 'do')} not block: dev runs the build "
                f"{self.project.engine.label() if self.project.engine is not None else ''}/, which is checked on its own (rebuild if the code is in it)"
            )
        if compiled:
            self.warn(
                f"note: {plural(compiled, 'error')} in the build's compiled scripts {noun(compiled, 'does', 'do')} not block: the same code in the "
                "engine's sources runs only outside TikTok (another platform's branch), which the sources' check reads and the compiled bundle hides"
            )
        if errors and self.options.skip_checks:
            self.warn(f"warning: --skip-checks: starting despite {plural(len(errors), 'error')}; the page may fail inside TikTok")
            return True
        if errors:
            count = len(errors)
            self.warn(
                f"minis-py dev: {plural(count, 'error')} {noun(count, 'blocks', 'block')} the start. Fix {noun(count, 'it', 'them')}, or pass --skip-checks."
            )
            fixable = sum(1 for d in errors if d.autofix is not None and d.autofix.applicability == "safe")
            if fixable:
                mend = f"{fixable} of them" if fixable < count else noun(count, "it", "them")
                self.warn(f"  run `minis-py lint --fix` to mend {mend}")
            return False
        return True

    def _sources_only(self) -> int:
        """An engine's source project with a build: the code errors lint finds in its scripts (MN2xx, MN4xx, MN5xx) are
        warnings here, since dev runs the build, whose own check says what of them is in the code TikTok gets (a module
        the build leaves out, as TypeScript drops one nothing imports, is no reason to refuse); not in a file edited
        since the build (the next build may hold it). The count demoted."""
        engine = self.project.engine
        if engine is None or engine.output is None or engine.engine.key not in ("cocos2", "cocos3", "laya", "egret"):
            return 0
        from ..lint.model import Severity
        from ..records import replace

        label = engine.label()
        folders = tuple(f.rstrip("/") + "/" for f in engine.script_folders)
        try:
            built = (engine.output / "game.js").stat().st_mtime
        except OSError:
            return 0
        demoted = 0
        kept = []
        for d in self.findings:
            in_sources = not d.path.startswith(label + "/") and d.path.startswith(folders)
            try:
                # edited since the build (by more than a checkout's or a copy's spread of times): it may be in the next one
                newer = (self.project.root / d.path).stat().st_mtime > built + _SAME_TIME
            except OSError:
                newer = True
            if in_sources and not newer and d.severity.value == "error" and d.rule_id.startswith(("MN2", "MN4", "MN5")):
                d = replace(d, severity=Severity.WARNING)
                demoted += 1
            kept.append(d)
        self.findings = kept
        return demoted

    def _compiled_from_clean_sources(self) -> int:
        """An engine's build whose scripts are compiled into bundles (Cocos Creator's `assets/<bundle>/index.js`, each
        module marked `cc._RF.push(module, "<uuid>", "<Script>")`): a code error (MN2xx, MN4xx, MN5xx) the build's check
        finds in a module whose source script the project's own check passes for that rule is the compiled copy of code
        the sources show runs only outside TikTok (held-out round 31: another store's reporter made only in its branch of
        a platform chain, whose guards the compiled bundle's `PlatUtils_1.default.IsQTT` no longer reads). A warning
        there; the count demoted."""
        engine = self.project.engine
        if engine is None or engine.output is None:
            return 0
        from ..lint.model import Severity
        from ..records import replace

        label = engine.label()
        flagged = {(d.rule_id, posixpath.splitext(posixpath.basename(d.path))[0]) for d in self.findings if not d.path.startswith(label + "/")}
        sources = _source_stems(self.project.root, engine.script_folders)
        markers: dict[str, list[tuple[tuple[int, int], str]] | None] = {}
        demoted = 0
        kept = []
        for d in self.findings:
            if d.path.startswith(label + "/") and d.severity.value == "error" and d.span is not None and d.rule_id.startswith(("MN2", "MN4", "MN5")):
                if d.path not in markers:
                    markers[d.path] = _module_markers(self.project.root / d.path)
                module = _module_at(markers[d.path], (d.span.line, d.span.column))
                if module is not None and module in sources and (d.rule_id, module) not in flagged:
                    d = replace(d, severity=Severity.WARNING)
                    demoted += 1
            kept.append(d)
        self.findings = kept
        return demoted

    def _package_findings(self) -> list[Any]:
        """An engine's source project: its mini-game build is the package, checked as a native game's (paths from the project)."""
        engine = self.project.engine
        if engine is None or engine.output is None:
            return []
        from ..lint.engine import run
        from ..records import replace

        built = Project(engine.output, environ=self.project.environ)
        label = engine.label()
        # The source project's lint reads some of the build's files too (the appid of its project.config.json, MN010):
        # a finding it already made at the same place is not said again.
        made = {(d.rule_id, d.path, d.span) for d in self.findings}
        # (normalised: the package's project file may be the source project's own, `minigame/../project.config.json`)
        relabelled = (replace(d, path=posixpath.normpath(f"{label}/{d.path}")) for d in run(built, self.lint_options(built)).diagnostics)
        return [d for d in relabelled if (d.rule_id, d.path, d.span) not in made]

    def unbuilt(self) -> MinisError | None:
        """An engine's source project with no mini-game build to run, or a package whose game.js loads a file that is
        not there (a bundler's shim importing `./dist/game.js` before the build): the first thing `dev` says, before
        the pre-flight (whose errors would otherwise stand in front of the reason nothing can start)."""
        from ..engines import missing_requires, own_build_scripts, plugin_refusal  # start-up: only dev's decision asks

        engine = self.project.engine
        if engine is not None:
            if engine.output is None:
                return MinisError(*engine.missing_build)
            refused = plugin_refusal(engine.output, engine.label())
            return MinisError(*refused) if refused is not None else None
        if self.project.is_native_game:
            refused = plugin_refusal(self.project.root)
            if refused is not None:
                return MinisError(*refused)
        if self.project.is_library:
            from ..targets import library_refusal  # start-up: only dev's decision asks

            return MinisError(*library_refusal(self.project.library))  # type: ignore[arg-type]
        platform = self.project.mini_program
        if platform is not None and not self.project.is_native_game and self.project.config_file is None and self.project.games_config_file is None:
            from ..targets import mini_program_refusal  # start-up: only dev's decision asks

            return MinisError(*mini_program_refusal(platform))  # a native mini program (app.json, .ttml pages)
        uni = self.project.hbuilderx_targets
        from ..source.page import loads_sdk  # start-up: only dev's decision asks

        if uni is not None and not loads_sdk(self.project):
            from ..targets import hbuilderx_refusal  # start-up: only dev's decision asks

            return MinisError(*hbuilderx_refusal(uni))  # a uni-app project HBuilderX builds (held-out round 35)
        unadopted = self._unadopted_multi_target()
        if unadopted is not None:
            return unadopted
        missing = missing_requires(self.project.root) if self.project.is_native_game else []
        if not missing:
            return None
        from ..bundled import build_command, bundle_builder, tsc_builder  # start-up: only dev's decision asks

        template = _config_template(str(self.project.root), missing[0])
        if template is not None:
            # `config.js` ignored by git, `config.example.js` committed beside it: a file the developer fills in
            return MinisError(
                f"game.js loads {missing[0]}, which is not there: the project keeps it out of the repository and commits {template} instead",
                f"Copy {template} to {missing[0].removeprefix('./')} and fill in your own values, then run this again.",
            )
        builder = bundle_builder(self.project.root, missing[0])
        if builder is not None:
            script, writer, _ = builder
            fix = f"Run `{build_command(self.project.root, script)}` ({writer} writes {missing[0].removeprefix('./')}), then run this again."
        elif (compiled := tsc_builder(self.project.root, missing[0])) is not None:
            config, out = compiled
            wanted = missing[0].removeprefix("./").split("/", 1)[0]
            if out == wanted:
                fix = f"Run `npx tsc -p {config}` ({config}'s outDir is {out}), then run this again."
            else:  # compiled into another folder, where the package is put together (export/wx/build-wx: export/wx/)
                fix = (
                    f"{config} compiles it into {out} (`npx tsc -p {config}`): the package is put together in "
                    f"{posixpath.dirname(out) or '.'}/; build it, then run this there."
                )
        else:
            own = own_build_scripts(self.project.root)
            fix = f"Run the build that writes it{' (' + ', '.join(own) + ')' if own else ''}, then run this again."
        return MinisError(f"game.js loads {missing[0]}, which is not there: this package is made by a build that has not run yet", fix)

    def _unadopted_multi_target(self) -> MinisError | None:
        """A multi-target project (Taro, uni-app: `dev:mp-toutiao`, `dev:h5`) that TikTok's web target was never made a
        Mini in (no minis.config.json, no page loading the SDK): said in one line, what it is and what TikTok runs,
        before the pre-flight's Mini errors (held-out round 29: a uni-app avatar maker built for Douyin)."""
        from ..source.page import loads_sdk  # start-up: only dev's decision asks
        from ..targets import other_platform_scripts  # start-up: only dev's decision asks

        project = self.project
        if project.is_native_game or project.config_file is not None or project.games_config_file is not None or project.package_json is None:
            return None
        document = project.package_json.document
        scripts = document.get(("scripts",)) if document is not None else None
        others = other_platform_scripts(scripts) if isinstance(scripts, dict) else {}
        if not others:
            return None
        if loads_sdk(self.project):
            return None  # its page loads the SDK: a Mini, judged by the pre-flight
        apps = sorted(set(others.values()) - {"the native app", "React Native", "HarmonyOS"})
        if not apps:
            return None  # a React Native or native app beside the web: not what this says
        platforms = ", ".join(apps)
        web = project.dev_script()
        target = f"its web (H5) build ({web})" if web else "its web (H5) build, for which it has no script yet"
        return MinisError(
            f"this multi-target project is not a Mini yet: its other targets are {platforms} mini programs, which TikTok does not run, and "
            f"TikTok's target is {target}, whose page does not load the Minis SDK",
            "Run `minis-py init --existing` here: it adds the SDK tag and TTMinis.init to the page and writes minis.config.json, then run this again.",
        )

    def refusal(self) -> MinisError | None:
        """Why `dev` cannot start this project, before anything starts (one line, with its fix), or None: a Mini without
        package.json or a dev script; an engine's source project with no mini-game build to run."""
        engine = self.project.engine
        if engine is not None:
            return MinisError(*engine.missing_build) if engine.output is None else None
        if self.project.is_native_game:
            return None
        try:
            self._script()
        except MinisError as exc:
            return exc
        return None

    # --- 2.-5. start ---------------------------------------------------------------------------------

    def start(self) -> None:
        from .forwarder import Forwarder

        config = self.project.config
        self._check_ports()
        refused = self.refusal()  # no package.json or no script, no engine build: said before anything starts
        if refused is not None:
            raise refused
        expected = self.project.expected_client_key(self.options.client_key, init_call=True)  # the mock's key: any source
        env = dict(os.environ)
        env.update({"PORT": str(config.dev_port), "HOST": config.dev_host, "MINIS_MOCK": "1"})
        bind = self.bind_host()
        mock_url = None
        if self.options.use_mock:
            from ..mock import MockTikTok

            state = self.project.root / ".minis" / "mock.sqlite3"
            secret = project_secret(self.project.root)
            from ..lint.settings import dev_webhook_url

            webhook_url = dev_webhook_url(self.project, self.options.webhook_url, config.dev_port, config.dev_host)
            self.mock = MockTikTok(
                host=bind or "127.0.0.1",
                port=self.options.mock_port,
                state=state,
                client_key=expected.value if expected else None,
                client_secret=secret,
                webhook_url=webhook_url,
                trusted_domains=tuple(config.trusted_domains),
                game_allow_apis=allowed_game_apis(config, self.options),
                game_remote_bundles=config.dev_game_remote_bundles,
            )
            self.mock.start()
            mock_url = self.mock.url
            env.update(self.mock.env)
            self.mock.state.violation_hooks.append(self._report_violation)
            self.mock.state.runtime_hooks.append(self._report_runtime)
        if self.project.is_native_runtime:
            self._start_native_game(env)
            return
        self._start_script(env, "the dev script", "")
        target_host = "127.0.0.1" if self._answers_on("127.0.0.1", config.dev_port) else "::1"
        self.proxy = Forwarder(
            target_host,
            config.dev_port,
            mock_url or "https://connect.tiktok-minis.com",
            bind or "127.0.0.1",
            self.options.port,
            trusted_domains=tuple(config.trusted_domains) if (mock_url and self.options.csp) else None,
            mock_port=self.mock.port if (self.mock is not None and bind) else None,
        ).start()
        if self.mock is not None:  # the simulator's network selector throttles the page where its bytes flow
            self.mock.state.network_hooks.append(self._network_changed)
        entry = self.options.entry_path or config.dev_entry or "/"
        simulator = self._configure_simulator(f"{self.proxy.url}{entry}")
        if simulator:
            self.say(f"Simulator: {simulator}")
            self.say("  the Mini in a phone frame under TikTok's bar, with a live devtools panel")
        self.say(f"Preview: {self.proxy.url}{entry}")
        lan = lan_address() if bind else None
        if self.mock is not None:
            self.say(f"  mock TikTok: {mock_url} (client_key {self.mock.client_key})")
            if self.mock.state.settings.webhook_url:
                self.say(f"  webhooks to: {self.mock.state.settings.webhook_url}")
        if bind and lan:
            self.say(f"  on your network: http://{lan}:{self.proxy.port}{entry}")
            if self.mock is not None:
                self.say(f"  control token (the mock's /_mock/ API from other machines): {self.mock.state.control_token}")
            if self.isatty:
                self._print_qr(f"http://{lan}:{self.proxy.port}{entry}")
        elif not bind:
            self.say(f"  on a phone: minis-py dev --host 0.0.0.0, or dev.host in {self._settings_name()}")
        if self.options.watch:
            from .watch import Watcher

            self.watcher = Watcher(self.project.root, self._recheck, self.say, self.findings).start()
            self.say("  watching for changes (--no-watch to stop)")
        if self.options.open_browser:
            import webbrowser

            webbrowser.open(simulator or f"{self.proxy.url}{entry}")

    def _check_ports(self) -> None:
        """A busy --port or --mock-port is refused before anything starts (not once the dev script runs)."""
        host = self.bind_host() or "127.0.0.1"
        for port, flag in ((self.options.port, "--port"), (self.options.mock_port if self.options.use_mock else 0, "--mock-port")):
            if not port:
                continue
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: a TIME_WAIT port is free
                try:
                    probe.bind((host, port))
                except OSError as exc:
                    raise MinisError(
                        f"{flag} {port}: cannot listen on {host}:{port} ({exc.strerror or exc}); nothing was started",
                        f"Stop what uses it, or pass another {flag} (0 picks a free one).",
                    ) from None

    def _start_script(self, env: dict[str, str], what: str, label: str) -> None:
        """The package.json script, in its own process group, once dev.port is known to be free; then wait for it."""
        port = self.project.config.dev_port
        if port_open(port):
            raise MinisError(f"port {port} is already in use, before {what} started", f"Stop what uses it, or set another dev.port in {self._settings_name()}.")
        command = process.script_command(self.project.root, self._script())
        self.say(f"Starting {label}`{' '.join(Path(command[0]).name if i == 0 else part for i, part in enumerate(command))}` in {self.project.root}")
        self.child = process.ProcessGroup(command, self.project.root, env, self.out, prefix="[dev] ", before_line=self._clear_spinner)
        self._wait_for_port(port)

    def _start_native_game(self, env: dict[str, str]) -> None:
        """A native game runs in the mock's desktop host (no dev server to proxy); the project's dev script, when
        it has one, is its backend (the code exchange, trade orders, webhooks), started first on dev.port."""
        from urllib.parse import parse_qsl

        if self.mock is None:
            raise MinisError("a native game runs in minis-py's desktop host, which is part of the mock TikTok", "Drop --no-mock.")
        config = self.project.config
        query = dict(parse_qsl(self.options.query.lstrip("?"), keep_blank_values=True)) if self.options.query else {}
        engine = self.project.engine
        self.mock.state.game = {
            "root": str(self.game_root),
            "title": self._title(),
            "scene": self.options.scene or "000000",
            "query": query,
            "orientation": "landscape" if self._game_orientation() == "landscape" else "portrait",
        }
        if self.project.dev_script(self.options.script) is not None or self.options.script:
            self._start_script(env, "the backend", "the backend ")
            # the game reaches it at its real port (GameGlobal.__minisDev.backend in the host), not a hard-coded one
            backend_host = "127.0.0.1" if self._answers_on("127.0.0.1", config.dev_port) else "[::1]"
            self.mock.state.game["backend"] = f"http://{backend_host}:{config.dev_port}"
        host_url = f"{self.mock.url}/_mock/game/host"
        simulator = self._configure_simulator(host_url)
        self.say(f"Simulator: {simulator}")
        self.say("  the game on a phone frame, run by minis-py's desktop host (no phone needed)")
        self.say(f"Game: {host_url}")
        if engine is not None:
            rebuild = "rebuild it" if engine.engine.key in ("bundled", "scripts") else "rebuild it in the engine"
            # (a devtools game project's package: its scripts compiled into miniprogramRoot, gamescripts.py)
            kind = "game's devtools project" if engine.engine.key == "scripts" else f"{engine.engine.name} project"
            self.say(f"  the {kind}'s build: {engine.label()}/ ({rebuild}: the game reloads)")
            if engine.chosen:
                self.say(f"  {engine.chosen}")
        self.say(f"  mock TikTok: {self.mock.url} (client_key {self.mock.client_key})")
        if self.child is not None:
            self.say(f"  backend: {self.mock.state.game['backend']}")
        if self.mock.state.settings.webhook_url:
            self.say(f"  webhooks to: {self.mock.state.settings.webhook_url}")
        if self.bind_host():
            self.say(f"  control token (the host and /_mock/ from other machines): {self.mock.state.control_token}")
        if self.options.watch:
            from .watch import BuildWatcher, Watcher

            if engine is not None:
                self.watcher = Watcher(self.project.root, self._recheck, self.say, self.findings).start()
                self.build_watcher = BuildWatcher(self.game_root, self._reload_build, self.say).start()
                self.say("  watching for changes: the scripts are re-checked on save, the game reloads when the build changes (--no-watch to stop)")
            else:
                self.watcher = Watcher(self.project.root, self._recheck_and_reload, self.say, self.findings).start()
                self.say("  watching for changes: the game reloads on save (--no-watch to stop)")
        if self.options.open_browser:
            import webbrowser

            webbrowser.open(simulator or host_url)

    def _recheck_and_reload(self) -> list:
        found = self._recheck()
        if self.mock is not None:
            self.mock.reload_game()
        return found

    @property
    def game_root(self) -> Path:
        """The folder the desktop host runs: the project, or an engine's source project's build."""
        engine = self.project.engine
        return engine.output if engine is not None and engine.output is not None else self.project.root

    def _reload_build(self) -> None:
        if self.mock is not None:
            self.mock.reload_game()

    def _title(self) -> str:
        package = self.project.package_json.document.value if self.project.package_json and self.project.package_json.document else {}
        name = package.get("name") if isinstance(package, dict) else None
        return name if isinstance(name, str) else self.project.root.name

    def bind_host(self) -> str | None:
        """Where the preview and the mock listen besides loopback: --host, else a non-loopback dev.host."""
        host = self.options.host or (self.project.config.dev_host if not is_loopback_host(self.project.config.dev_host) else None)
        return None if host is None or is_loopback_host(host) else host

    def _configure_simulator(self, target: str) -> str | None:
        """Tell the mock's simulator page what it shows; its URL, or None without the mock."""
        if self.mock is None:
            return None
        config = self.project.config
        landscape = config.orientation == "HORIZONTAL" or self._game_orientation() == "landscape"
        package = self.project.package_json.document.value if self.project.package_json and self.project.package_json.document else {}
        name = package.get("name") if isinstance(package, dict) and isinstance(package.get("name"), str) else self.project.root.name
        self.mock.state.simulator = {
            "target": target,
            "title": name,
            "kind": "game" if self.project.is_game else "drama",
            "navbar": {"style": config.navbar_style, "bgColorLight": config.navbar_bg_light, "bgColorDark": config.navbar_bg_dark},
            "orientation": "landscape" if landscape else "portrait",
        }
        return f"{self.mock.url}/_mock/simulator"

    def _game_orientation(self) -> str | None:
        if not self.project.is_native_runtime:
            return None
        from ..config import JsonError, parse_json

        try:
            value = parse_json((self.game_root / "game.json").read_text(encoding="utf-8")).value
        except (OSError, UnicodeDecodeError, JsonError):
            return None
        found = value.get("deviceOrientation") if isinstance(value, dict) else None
        return found if isinstance(found, str) else None

    def _network_changed(self, profile: Any) -> None:
        """The simulator chose a network profile (mock/throttle.py), or None: the preview proxy applies it."""
        if self.proxy is not None:
            from ..mock.throttle import Link
            from .forwarder import PageNetwork

            self.proxy.network = PageNetwork(Link(profile)) if profile is not None else None

    def _report_violation(self, found: dict, message: str) -> None:
        self.warn(f"blocked in the simulator: {message}")

    def _report_runtime(self, level: str, message: str) -> None:
        """What the game host reported (an uncaught error, a call of an API TikTok lacks): printed once each, as the
        badge on the game and the simulator's panel show it."""
        first = message.splitlines()[0] if message else message
        self.warn(f"{'error' if level == 'error' else 'warning'}: in the game: {first}")

    _spinner_shown = False

    def _clear_spinner(self) -> None:
        """Before the dev script's first line: the spinner's line goes, so the output starts clean."""
        if self._spinner_shown:
            self.err.write("\r\x1b[2K")
            self.err.flush()
            self._spinner_shown = False

    def _recheck(self) -> list:
        from ..lint.engine import run

        fresh = Project(self.project.root, environ=self.project.environ)  # config and file set re-read
        return list(run(fresh, self.lint_options(fresh)).diagnostics)

    def _print_qr(self, url: str) -> None:
        import segno

        self.say(f"  scan to open {url} on a phone on the same network:")
        segno.make(url, error="l").terminal(out=self.out, compact=True)

    def _script(self) -> str:
        name = self.project.dev_script(self.options.script)
        if name is not None:
            return name
        package = self.project.package_json
        if package is None:
            raise MinisError(
                f"there is no package.json in {self.project.root}: minis-py dev runs its dev (or start) script",
                'Create one with a dev script, e.g. { "scripts": { "dev": "vite" } }, or run `minis-py init --existing` to add it.',
            )
        scripts = package.document.get(("scripts",)) if package.document else None
        known = f"it has: {', '.join(sorted(scripts))}" if isinstance(scripts, dict) and scripts else "it has no scripts"
        if self.options.script:
            hint = "Pass one of them with --script." if "has:" in known else 'Add it under "scripts".'
            raise MinisError(f'package.json has no "{self.options.script}" script ({known})', hint)
        raise MinisError(f"package.json has no dev or start script ({known})", 'Add one, e.g. "scripts": { "dev": "vite" }, or pick one with --script NAME.')

    def _settings_name(self) -> str:
        file = self.project.settings_file
        return file.path if file is not None else "minis.config.json"

    @staticmethod
    def _answers_on(host: str, port: int) -> bool:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            with socket.socket(family, socket.SOCK_STREAM) as sock:
                sock.settimeout(0.2)
                return sock.connect_ex((host, port)) == 0
        except OSError:
            return False

    def _wait_for_port(self, port: int) -> None:
        """Until the dev script listens on ``port``; the spinner's line is cleared however the wait ends (the
        port open, the script gone, a timeout, Ctrl-C), so nothing is printed after it on the same line."""
        try:
            self._wait_for_port_spinning(port)
        finally:
            self._end_spinner()

    def _end_spinner(self) -> None:
        if self.child is not None:
            with self.child.lock:
                self._clear_spinner()
        else:
            self._clear_spinner()

    def _wait_for_port_spinning(self, port: int) -> None:
        deadline = time.monotonic() + self.options.start_timeout
        turn = 0
        while not port_open(port):
            assert self.child is not None
            if self.child.poll() is not None:
                self._end_spinner()
                self.warn(f"error: the dev script exited ({self.child.poll()}) before it listened on port {port}")
                self.warn("  hint: its output is above; run it yourself (npm run dev) to see more.")
                raise ChildExited(self.child.poll() or 0)
            if self.stop_requested:
                raise KeyboardInterrupt
            if time.monotonic() > deadline:
                raise MinisError(
                    f"the dev script did not listen on port {port} within {self.options.start_timeout:.0f} s",
                    f"minis-py waits for dev.port in {self._settings_name()}: make the dev server use it (it gets PORT and HOST in its environment).",
                )
            if self.isatty and self.child is not None:
                with self.child.lock:  # never in the middle of one of the dev script's lines
                    if not self.child.mid_line:
                        self.err.write(f"\r{SPINNER[turn % 4]} waiting for the dev server on port {port}")
                        self.err.flush()
                        self._spinner_shown = True
            turn += 1
            time.sleep(0.05)

    # --- 7. until the child exits or we are asked to stop -------------------------------------------

    def wait(self) -> int | None:
        while not self.stop_requested:
            status = self.child.poll() if self.child is not None else None  # a native game with no backend: until stopped
            if status is not None:
                return status
            time.sleep(0.05)
        return None

    def shutdown(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.build_watcher is not None:
            self.build_watcher.stop()
        if self.child is not None:
            self.child.stop()
        if self.proxy is not None:
            self.proxy.stop()
        if self.mock is not None:
            self.mock.stop()


@dataclass(frozen=True)
class DevDecision:
    """What `minis-py dev` decides on a project, before it starts anything: start, or refuse with why and the fix."""

    starts: bool
    why: str = ""  # a refusal: the pre-flight's errors, or the one line (and its fix) start() would raise


_SAME_TIME = 2.0  # seconds: files written by one checkout, copy or build within this are of the same moment


# A compiled Cocos Creator module's start: 2.x `cc._RF.push(module, "<uuid>", "Name")`, 3.x `cclegacy._RF.push({}, "<uuid>", "Name", undefined)`.
_RF_PUSH = re.compile(r"""_RF\.push\(\s*[\w${}]*\s*,\s*["'][^"'\n]{0,80}["']\s*,\s*["']([\w$.-]{1,120})["']""")


def _module_markers(path: Path) -> list[tuple[tuple[int, int], str]] | None:
    """Where (line and column, 1-based: a minified bundle is one line) each compiled module of a bundle starts, with its
    script's name; None for a file that is not such a bundle (fewer than two modules) or cannot be read."""
    from ..source.files import read_regular_text  # start-up: only an engine build's error in a compiled bundle asks

    text = read_regular_text(path, 64 << 20, partial=True)
    if text is None:
        return None
    found: list[tuple[tuple[int, int], str]] = []
    line, at, line_start = 1, 0, 0
    for match in _RF_PUSH.finditer(text):
        line += text.count("\n", at, match.start())  # counted from the last marker on: one pass over the file
        newline = text.rfind("\n", at, match.start())
        line_start = newline + 1 if newline != -1 else line_start
        at = match.start()
        found.append(((line, at - line_start + 1), match.group(1)))
    return found if len(found) >= 2 else None


def _module_at(markers: list[tuple[tuple[int, int], str]] | None, line: tuple[int, int]) -> str | None:
    """The script whose compiled module holds the place (line, column): the last marker at or before it."""
    found = None
    for start, name in markers or ():
        if start > line:
            break
        found = name
    return found


def _source_stems(root: Path, folders: tuple[str, ...]) -> frozenset[str]:
    """The names (without extension) of the engine project's own scripts under its script folders."""
    stems: set[str] = set()
    for folder in folders:
        for _base, dirs, names in os.walk(root / folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
            stems.update(os.path.splitext(n)[0] for n in names if n.endswith((".ts", ".js")) and not n.endswith(".d.ts"))
    return frozenset(stems)


def dev_decision(project: Project, options: DevOptions | None = None) -> DevDecision:
    """The pre-flight and the refusals `start()` makes first, with nothing started (no mock, no script, no port): the
    decision `minis-py dev` takes on this project (the real-world fixtures check it, tests/integration/test_real_world.py)."""
    import io

    err = io.StringIO()
    session = DevSession(project, options or DevOptions(), io.StringIO(), err)
    unbuilt = session.unbuilt()
    if unbuilt is not None:
        return DevDecision(False, f"{unbuilt.message}\n  hint: {unbuilt.hint}" if unbuilt.hint else unbuilt.message)
    if not session.preflight():
        return DevDecision(False, err.getvalue())
    refused = session.refusal()
    if refused is not None:
        return DevDecision(False, f"{refused.message}\n  hint: {refused.hint}" if refused.hint else refused.message)
    return DevDecision(True)


def run_dev(project: Project, options: DevOptions, out: TextIO, err: TextIO, isatty: bool = False) -> ExitCode | int:
    session = DevSession(project, options, out, err, isatty)
    unbuilt = session.unbuilt()
    if unbuilt is not None:
        raise unbuilt  # said first: the pre-flight's findings on the scripts are lint's to give (`minis-py lint`)
    if not session.preflight():
        return ExitCode.FINDINGS
    # A closed terminal (SIGHUP) stops it as Ctrl-C and SIGTERM do: the dev script and its server go too.
    stopping = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {sig: signal.getsignal(sig) for sig in stopping} if threading.current_thread() is threading.main_thread() else {}
    for sig in previous:
        signal.signal(sig, lambda *_: setattr(session, "stop_requested", True))
    try:
        session.start()
        status = session.wait()
    except KeyboardInterrupt:
        status = None
    except ChildExited as exited:
        session.shutdown()
        return exited.status if exited.status >= 0 else 128 - exited.status
    finally:
        session.shutdown()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    try:
        if status is None:
            session.say("minis-py dev stopped.")
            return ExitCode.OK
        session.warn(f"the dev script exited with status {status}")
    except (OSError, ValueError):
        pass  # the terminal is gone (SIGHUP): everything is stopped, there is no one to tell
    return ExitCode.OK if status is None else status if status >= 0 else 128 - status


def _project_wide(diagnostic: Any) -> bool:
    """A finding of a project-scope rule with no line: about the whole game, not a place in a file."""
    from ..lint.model import Scope
    from ..lint.rules.registry import get_rule

    rule = get_rule(diagnostic.rule_id)
    return diagnostic.span is None and rule is not None and rule.scope is Scope.PROJECT


_TEMPLATE_MARKS = ("example", "sample", "template", "dist", "default")


def _config_template(root: str, missing: str) -> str | None:
    """A committed stand-in for a missing file (`config.example.js`, `config.sample.js`, `config.js.example` beside
    `config.js`), relative to the root, or None."""
    relative = posixpath.normpath(missing.removeprefix("./"))
    folder, name = posixpath.split(relative)
    stem, dot, extension = name.rpartition(".")
    if not dot or relative.startswith(".."):
        return None
    for mark in _TEMPLATE_MARKS:
        for candidate in (f"{stem}.{mark}.{extension}", f"{stem}-{mark}.{extension}", f"{stem}_{mark}.{extension}", f"{name}.{mark}"):
            path = posixpath.join(folder, candidate) if folder else candidate
            if os.path.isfile(os.path.join(root, path)):
                return path
    return None
