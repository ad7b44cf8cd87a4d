"""POST /webhook: Rasa's action endpoint, served in-process by rasa_sdk's ActionExecutor."""

from typing import Any

from ipaddress import ip_address

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from rasa_sdk.interfaces import ActionExecutionRejection, ActionMissingDomainException, ActionNotFoundException

from api.deps import ExecutorDep

router = APIRouter(tags=["rasa"], include_in_schema=False)

_ERROR_STATUS = {ActionExecutionRejection: 400, ActionNotFoundException: 404, ActionMissingDomainException: 449}


@router.post("/webhook")
async def webhook(action_call: dict[str, Any], request: Request, executor: ExecutorDep) -> JSONResponse:
    if not _from_loopback(request):
        return JSONResponse({"detail": "Alleen de Rasa-server op deze machine mag acties uitvoeren."}, status_code=403)
    try:
        result = await executor.run(action_call)
    except tuple(_ERROR_STATUS) as error:
        body = {"error": error.message, "action_name": error.action_name}
        return JSONResponse(body, status_code=_ERROR_STATUS[type(error)])
    return JSONResponse(result.model_dump() if result else None)


def _from_loopback(request: Request) -> bool:
    try:
        return request.client is not None and ip_address(request.client.host).is_loopback
    except ValueError:
        return False
