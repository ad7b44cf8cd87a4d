"""Print the NLU parse of each message on stdin as one JSON line, using the trained model.

Run with the Rasa venv from this folder (so custom components import):

    cd assistant && printf 'hallo\nwie moet ik bellen?\n' | ../.venv-rasa/bin/python parse_messages.py
"""
import asyncio
import json
import sys

from rasa.core.agent import Agent


async def parse_lines(model_path: str) -> None:
    agent = Agent.load(model_path)
    for line in sys.stdin:
        if line.strip():
            parsed = await agent.parse_message(line.strip())
            print(json.dumps({"text": parsed["text"], "intent": parsed["intent"]["name"],
                              "ranking": [i["name"] for i in parsed["intent_ranking"][:3]]}), flush=True)


if __name__ == "__main__":
    asyncio.run(parse_lines(sys.argv[1] if len(sys.argv) > 1 else "models"))
