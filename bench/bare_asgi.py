"""The ceiling: a bare ASGI endpoint on the same uvicorn settings as the mock (run by mock_bench.py)."""

import sys

import uvicorn

BODY = b'{"access_token":"clt.x","expires_in":7200,"token_type":"Bearer"}'


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": BODY})


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False, lifespan="off", proxy_headers=False, server_header=False)
