"""`minis-py dev`: pre-flight checks, then the project's dev script inside a local mock TikTok."""

from __future__ import annotations

from typing import Annotated

import typer

from .environment import Environment


def register(app: typer.Typer) -> None:
    @app.command(help="Check the project, then run its dev script with a mock TikTok (OAuth, SDK) and a preview proxy.")
    def dev(
        ctx: typer.Context,
        path: Annotated[str, typer.Argument(help="The project (default: the current folder).")] = ".",
        client_key: Annotated[str | None, typer.Option("--client-key", help="The expected client key (beats MINIS_CLIENT_KEY and minis.config.json).")] = None,
        port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The preview's port, the URL you open (0: a free one).")] = 0,
        mock_port: Annotated[int, typer.Option("--mock-port", min=0, max=65535, help="The mock TikTok's port (0: a free one).")] = 0,
        no_mock: Annotated[bool, typer.Option("--no-mock", help="Do not start the mock TikTok (the SDK URL is left as it is).")] = False,
        no_watch: Annotated[bool, typer.Option("--no-watch", help="Do not re-check on every save.")] = False,
        skip_checks: Annotated[bool, typer.Option("--skip-checks", help="Start even when the pre-flight finds errors (with a loud warning).")] = False,
        open_browser: Annotated[bool, typer.Option("--open", help="Open the preview in a browser.")] = False,
        script: Annotated[
            str | None, typer.Option("--script", help="The package.json script to run (default: dev, else start), e.g. dev:tiktok.", show_default=False)
        ] = None,
        webhook_url: Annotated[
            str | None,
            typer.Option(
                "--webhook-url",
                help='Where the mock sends signed webhooks: a URL, or a path on the dev server (default: package.json "minis-py"."webhook-url").',
                show_default=False,
            ),
        ] = None,
        entry_path: Annotated[
            str | None, typer.Option("--path", help="The page's path on the dev server, e.g. /tiktok (default: dev.entry, else /).", show_default=False)
        ] = None,
        host: Annotated[
            str | None,
            typer.Option(
                "--host",
                help="Bind the preview and the mock here too, e.g. 0.0.0.0 for your LAN, to open the Mini on a phone"
                " (default: dev.host when it is not loopback, else 127.0.0.1 only).",
                show_default=False,
            ),
        ] = None,
        no_csp: Annotated[
            bool, typer.Option("--no-csp", help="Do not send the simulator's Content-Security-Policy (requests outside domain.trustedDomains then pass).")
        ] = False,
        scene: Annotated[
            str | None,
            typer.Option("--scene", help="A native game's launch scene, what getLaunchOptionsSync().scene answers (default 000000).", show_default=False),
        ] = None,
        query: Annotated[
            str | None,
            typer.Option("--query", help="A native game's launch query, e.g. 'level=3&from=share' (getLaunchOptionsSync().query).", show_default=False),
        ] = None,
        game_allow_api: Annotated[
            list[str] | None,
            typer.Option(
                "--game-allow-api",
                help="An API TikTok's games SDK pages do not list that the game host then provides (repeatable; besides dev.gameAllowApis):"
                " onDeviceOrientationChange, offDeviceOrientationChange or setDeviceOrientation. Each use is reported as not in TikTok's docs.",
            ),
        ] = None,
    ) -> int:
        from ..dev.session import DevOptions, run_dev
        from ..errors import UsageError
        from ..project import Project, tiktok_root
        from ..targets import using_line

        env: Environment = ctx.obj
        target = (env.cwd / path).resolve()
        if not target.exists():
            raise UsageError(f"path '{path}' does not exist", "Pass the project folder, or run minis-py dev inside it.")
        from ..sdk_api import ALLOWABLE_GAME_APIS

        for name in game_allow_api or ():
            if name not in ALLOWABLE_GAME_APIS:
                raise UsageError(
                    f"--game-allow-api takes {', '.join(ALLOWABLE_GAME_APIS)} (WeChat's and Douyin's, not in TikTok's docs), not '{name}'",
                    "The game host provides no other API TikTok's docs lack.",
                )
        if entry_path is not None and not entry_path.startswith("/"):
            raise UsageError(f"--path '{entry_path}' must start with /", "Pass the page's path on the dev server, e.g. --path /tiktok.")
        options = DevOptions(
            client_key=client_key,
            port=port,
            mock_port=mock_port,
            use_mock=not no_mock,
            watch=not no_watch,
            skip_checks=skip_checks,
            open_browser=open_browser,
            script=script,
            entry_path=entry_path,
            webhook_url=webhook_url,
            host=host,
            csp=not no_csp,
            scene=scene,
            query=query,
            game_allow_apis=tuple(dict.fromkeys(game_allow_api or ())),
        )
        root, why = tiktok_root(target)  # the folder lint checks: a multi-target project's TikTok subfolder
        if why is not None:
            env.stderr.write(using_line("dev runs", root, why))
        project = Project(root, environ=env.environ)
        return int(run_dev(project, options, env.stdout, env.stderr, env.isatty(env.stderr)))
