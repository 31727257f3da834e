"""`minis-py mock serve`: the mock TikTok server on its own, for backend tests and other tools."""

from __future__ import annotations

import gc
import json
import signal
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode, UsageError
from ..mock.settings import MAX_AMOUNT, MAX_SECONDS, MockSettings
from .environment import Environment

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
DEFAULTS = MockSettings()  # every option's default is the setting's own (one source: mock/settings.py)
OPTION_OF = {
    "redirect_uris": "--redirect-uri",
    "trusted_domains": "--trusted-domain",
    "scope_errors": "--legacy-scope-errors",
    "game_allow_apis": "--game-allow-api",
    "game_remote_bundles": "--no-game-remote-bundles",
}  # the rest: --name-with-dashes


def register(app: typer.Typer) -> None:
    mock = typer.Typer(help="The mock TikTok server (OAuth v2, user info, the TTMinis SDK, a control API).", no_args_is_help=True)
    app.add_typer(mock, name="mock")

    @mock.command(help="Serve the mock TikTok until Ctrl-C. Prints its URL, client key and secret.")
    def serve(
        ctx: typer.Context,
        host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but loopback exposes the mock to your network.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: a free one).")] = 0,
        state: Annotated[
            Path | None, typer.Option("--state", help="SQLite file for the state; survives restarts (default: in memory).", dir_okay=False)
        ] = None,
        client_key: Annotated[
            str | None, typer.Option("--client-key", help="The app's client key (default: the project's key — dev.clientKey, clientKey... — else generated).")
        ] = None,
        client_secret: Annotated[str | None, typer.Option("--client-secret", help="The app's client secret (default: generated).")] = None,
        users: Annotated[Path | None, typer.Option("--users", help='JSON file: {"users": [...], "apps": [...]}.', exists=False, dir_okay=False)] = None,
        app_kind: Annotated[
            str | None,
            typer.Option(
                "--app-kind",
                help="minis (a Mini or mini game: user.info.basic and user.info.open_id) or web (Login Kit for Web: the web OAuth flow, "
                "profile, stats and video scopes too).",
                show_default="minis",
            ),
        ] = None,
        access_ttl: Annotated[
            int, typer.Option("--access-ttl", min=1, max=MAX_SECONDS, help="Access token lifetime in seconds (newer docs: 7200).")
        ] = DEFAULTS.access_ttl,
        refresh_ttl: Annotated[
            int, typer.Option("--refresh-ttl", min=1, max=MAX_SECONDS, help="Refresh token lifetime in seconds (newer docs: 15552000).")
        ] = DEFAULTS.refresh_ttl,
        code_ttl: Annotated[int, typer.Option("--code-ttl", min=1, max=MAX_SECONDS, help="Authorization code lifetime in seconds.")] = DEFAULTS.code_ttl,
        client_ttl: Annotated[int, typer.Option("--client-ttl", min=1, max=MAX_SECONDS, help="Client token lifetime in seconds.")] = DEFAULTS.client_ttl,
        error_status: Annotated[
            str, typer.Option("--error-status", help="200 (errors as 200 + JSON, as the real API does) or 4xx (401/400).")
        ] = DEFAULTS.error_status,
        no_rotate_refresh: Annotated[bool, typer.Option("--no-rotate-refresh", help="Keep the refresh token on refresh instead of rotating it.")] = False,
        no_rate_limit: Annotated[bool, typer.Option("--no-rate-limit", help="Turn off the 600/minute limit of /v2/user/info/.")] = False,
        lenient_fields: Annotated[
            bool, typer.Option("--lenient-fields", help="Omit user fields outside the granted scopes instead of answering an error.")
        ] = False,
        silent_login_scope: Annotated[
            str, typer.Option("--silent-login-scope", help="The scope of TTMinis.login codes: user.info.open_id (TikTok's) or user.info.basic (the old mock).")
        ] = DEFAULTS.silent_login_scope,
        webhook_url: Annotated[
            str | None, typer.Option("--webhook-url", help="Where the mock sends signed webhooks (your backend's endpoint).", show_default=False)
        ] = None,
        legacy_scope_errors: Annotated[
            bool,
            typer.Option(
                "--legacy-scope-errors",
                help="401 scope_not_authorized for fields outside the scopes, user info without user.info.basic allowed (the old mock).",
            ),
        ] = False,
        redirect_uri: Annotated[
            list[str] | None, typer.Option("--redirect-uri", help="A registered redirect URI (repeatable); localhost ones are always allowed.")
        ] = None,
        client_version: Annotated[
            str, typer.Option("--client-version", help="The TikTok app version simulated, e.g. 44.2.0: newer SDK APIs are absent and canIUse is false.")
        ] = DEFAULTS.client_version,
        rate_limit_key: Annotated[
            str, typer.Option("--rate-limit-key", help="Whom the per-API rate limit counts: app (the docs' per-app quota) or token.")
        ] = DEFAULTS.rate_limit_key,
        trusted_domain: Annotated[
            list[str] | None,
            typer.Option(
                "--trusted-domain",
                help="A host TTMinis.game.request may reach (repeatable; default: any). Mock-only: the real list is in the Developer Portal.",
            ),
        ] = None,
        beans_balance: Annotated[
            int, typer.Option("--beans-balance", min=0, max=MAX_AMOUNT, help="Each mock user's Beans, what checkBalance compares with.")
        ] = DEFAULTS.beans_balance,
        game_webassembly: Annotated[
            str,
            typer.Option(
                "--game-webassembly",
                help="The game host's WebAssembly: both (WebAssembly and TTWebAssembly) or tt (only TTWebAssembly, as Douyin's runtime)."
                " TikTok documents only TTWebAssembly: the mock's choice.",
            ),
        ] = DEFAULTS.game_webassembly,
        game_allow_api: Annotated[
            list[str] | None,
            typer.Option(
                "--game-allow-api",
                help="An API TikTok's games SDK pages do not list that the game host then provides (repeatable): onDeviceOrientationChange,"
                " offDeviceOrientationChange or setDeviceOrientation (WeChat's and Douyin's; Cocos Creator 3.8 builds call the first at"
                " start-up). Each use is reported as not in TikTok's docs.",
            ),
        ] = None,
        no_game_remote_bundles: Annotated[
            bool,
            typer.Option(
                "--no-game-remote-bundles",
                help="Send a Cocos export's remote-bundle downloads (its resource server's /remote/... URLs) to that server, not answer them from"
                " the build's remote/ folder.",
            ),
        ] = False,
        game: Annotated[
            Path | None,
            typer.Option(
                "--game",
                help="A native game's folder (game.js + game.json) to run in the desktop host at /_mock/game/host.",
                file_okay=False,
                show_default=False,
            ),
        ] = None,
        allow_host: Annotated[
            list[str] | None,
            typer.Option(
                "--allow-host",
                help="A host name pages may reach the mock's /_mock/ pages by, besides IPs, localhost and this machine's name"
                " (repeatable; e.g. a container's service name). Others are refused (DNS rebinding).",
            ),
        ] = None,
        print_config: Annotated[
            str | None,
            typer.Option(
                "--print-config",
                help="json: print one JSON line (url, client_key, client_secret, control_token, apps) instead of the banner, for scripts and tests.",
                show_default=False,
            ),
        ] = None,
    ) -> int:
        from ..mock.settings import ERROR_STATUS_CHOICES, SILENT_SCOPE_CHOICES
        from ..mock.store import APP_KINDS

        env: Environment = ctx.obj
        if error_status not in ERROR_STATUS_CHOICES:
            raise UsageError(f"--error-status must be 200 or 4xx, not '{error_status}'", "Use --error-status 4xx for 401/400 error statuses.")
        if webhook_url is not None and not webhook_url.startswith(("http://", "https://")):
            raise UsageError(
                f"--webhook-url must be an http(s) URL, not '{webhook_url}'", "For example --webhook-url http://127.0.0.1:3000/api/webhooks/tiktok."
            )
        if silent_login_scope not in SILENT_SCOPE_CHOICES:
            raise UsageError(
                f"--silent-login-scope must be one of {', '.join(SILENT_SCOPE_CHOICES)}, not '{silent_login_scope}'",
                "TikTok's silent login gives user.info.open_id.",
            )
        try:
            settings = MockSettings(
                access_ttl=access_ttl,
                refresh_ttl=refresh_ttl,
                code_ttl=code_ttl,
                client_ttl=client_ttl,
                rotate_refresh=not no_rotate_refresh,
                error_status=error_status,
                rate_limit=not no_rate_limit,
                lenient_fields=lenient_fields,
                redirect_uris=tuple(redirect_uri or ()),
                silent_login_scope=silent_login_scope,
                scope_errors="legacy" if legacy_scope_errors else "documented",
                webhook_url=webhook_url,
                client_version=client_version,
                rate_limit_key=rate_limit_key,
                trusted_domains=tuple(trusted_domain or ()),
                beans_balance=beans_balance,
                game_webassembly=game_webassembly,
                game_allow_apis=tuple(game_allow_api or ()),
                game_remote_bundles=not no_game_remote_bundles,
            )
        except ValueError as problem:  # --client-version 44.x, --rate-limit-key user, a --redirect-uri too long, ...
            name, _, why = str(problem).partition(" ")
            option = OPTION_OF.get(name, "--" + name.replace("_", "-"))
            raise UsageError(f"{option}: {why}", "See `minis-py mock serve --help`.") from None
        if app_kind is not None and app_kind not in APP_KINDS:
            raise UsageError(f"--app-kind must be one of {', '.join(APP_KINDS)}, not '{app_kind}'", "A Login Kit for Web app is --app-kind web.")
        if print_config not in (None, "json"):
            raise UsageError(f"--print-config takes json, not '{print_config}'", "Use --print-config json.")
        if game is not None:
            game = game if game.is_absolute() else env.cwd / game
            if not (game / "game.js").is_file():
                raise UsageError(f"--game {game} has no game.js", "Pass a native game's folder (game.js and game.json at its root).")
        names = tuple(name.strip().lower() for name in allow_host or ())
        for name in names:
            if not name or not all(part and len(part) <= 63 and part.replace("-", "").replace("_", "").isalnum() for part in name.split(".")):
                raise UsageError(f"--allow-host takes a host name, not '{name}'", "For example --allow-host tiktok-mock (no scheme, no port).")
        return int(
            serve_mock(
                env, host, port, state, client_key, client_secret, users, settings, game, machine=print_config == "json", app_kind=app_kind, allowed_hosts=names
            )
        )


def project_client_key(env: Environment, game: Path | None = None) -> str | None:
    """The project's key (the one resolver: MINIS_CLIENT_KEY, the configs, a native game's project.config.json
    appid); with --game, the game folder's own, as `dev` in that folder finds it."""
    from ..project import Project

    try:
        project = Project(game.resolve(), environ=env.environ) if game is not None else Project.discover(env.cwd, environ=env.environ)
        expected = project.expected_client_key()  # the one resolver
        return expected.value if expected else None
    except OSError:
        return None


def serve_mock(
    env: Environment,
    host: str,
    port: int,
    state: Path | None,
    client_key: str | None,
    client_secret: str | None,
    users_file: Path | None,
    settings: MockSettings,
    game: Path | None = None,
    machine: bool = False,
    app_kind: str | None = None,
    allowed_hosts: tuple[str, ...] = (),
) -> ExitCode:
    """`app_kind`: the kind of the app made from --client-key (None: a Minis app, or as a --state file has it)."""
    from ..mock import MockTikTok
    from ..mock.server import load_users_file

    users, apps = load_users_file(users_file if users_file.is_absolute() else env.cwd / users_file) if users_file else (None, [])
    if app_kind is not None and apps:
        raise UsageError(
            f"--app-kind applies to the app minis-py makes, and {users_file} lists its own apps",
            'Give each app in the file its kind ("kind": "web"), or drop --app-kind.',
        )
    if state is not None and not state.is_absolute():
        state = env.cwd / state
    if state is not None and not state.parent.is_dir():
        raise UsageError(f"the folder of --state {state} does not exist", "Create it first, or give another path.")
    mock = MockTikTok(
        host=host,
        port=port,
        state=state,
        client_key=client_key or (None if apps else project_client_key(env, game)),
        client_secret=client_secret,
        users=users,
        apps=apps or None,
        settings=settings,
        app_kind=app_kind,
        allowed_hosts=allowed_hosts,
    )
    if game is not None:
        from ..mock.server import game_orientation

        orientation = game_orientation(game.resolve())  # game.json's deviceOrientation, as dev honours it
        mock.host_game(game, title=game.resolve().name, orientation=orientation)
        mock.state.simulator = {"target": "/_mock/game/host", "kind": "game", "title": game.resolve().name, "orientation": orientation}
    sock = mock.bind()
    server = mock.server()
    # Until uvicorn takes the signals over (and after it gives them back), Ctrl-C / SIGTERM stop it too.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, server.handle_exit)
    out = env.stdout
    if host not in LOOPBACK_HOSTS:
        env.stderr.write(
            f"warning: listening on {host}: OAuth, user info and the SDK are reachable from your network; "
            "its control API (/_mock/) answers other machines only with the control token.\n"
        )
    if machine:  # one line a script can parse; the socket is listening when it is printed
        listed = [{"client_key": a.client_key, "client_secret": a.client_secret, "kind": a.kind} for a in mock.store.apps()]
        out.write(
            json.dumps(
                {
                    "url": mock.url,
                    "client_key": mock.client_key,
                    "client_secret": mock.client_secret,
                    "control_token": mock.control_token,
                    "apps": listed,
                    "state": str(state) if state else None,
                }
            )
            + "\n"
        )
        out.flush()
    else:
        _banner(out, mock, host, state, game)
    mock.deliverer.start()
    # Everything made so far (the imported modules, the app, the seeded state) lives as long as the server:
    # out of the collector's sight, a full collection under load scans what requests make, not ~30,000
    # objects of start-up (13 ms a collection here, in every in-flight request's latency).
    gc.freeze()
    try:
        server.run(sockets=[sock])
    finally:
        mock.deliverer.stop()
        mock.store.close()
        sock.close()
    if not machine:
        out.write("Mock TikTok stopped.\n")
        out.flush()
    return ExitCode.OK


def _banner(out, mock, host: str, state: Path | None, game: Path | None) -> None:
    """What a person reads at start (scripts use --print-config json)."""
    out.write(f"Mock TikTok: {mock.url}\n")
    for app in mock.store.apps():
        out.write(f"  client_key:    {app.client_key}" + ("  (Login Kit for Web)" if app.kind == "web" else "") + "\n")
        out.write(f"  client_secret: {app.client_secret}\n")
    out.write(f"  TIKTOK_API_BASE={mock.url}\n")
    out.write(f"  SDK:           {mock.url}/drama/sdk.js  (games: {mock.url}/game/sdk.js, native: {mock.url}/game/native.js)\n")
    out.write(f"  control API:   {mock.url}/_mock/  (state: {state or 'in memory'})\n")
    out.write(f"  simulator:     {mock.url}/_mock/simulator" + ("" if game is not None else "?target=<your Mini's URL>") + "\n")
    if game is not None:
        out.write(f"  game host:     {mock.url}/_mock/game/host  ({game.resolve()}; the simulator shows it in a phone)\n")
    if host not in LOOPBACK_HOSTS:
        out.write(f"  control token: {mock.control_token}  (x-minis-token header, or ?token=)\n")
    out.write("Press Ctrl-C to stop.\n")
    out.flush()
