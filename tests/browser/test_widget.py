"""The chat widget in a real headless Chromium: keyboard use, answers with sources, feedback, wiping,
safe rendering, errors, small screens and an axe-core accessibility audit."""

import json
import re

import httpx
import pytest
from playwright.sync_api import expect

STORE = "JSON.parse(sessionStorage.getItem('dla-chat-v1'))"
QUESTION = "Wat is duaal leren eigenlijk?"
AXE_URL_PATH = "/__test__/axe.min.js"


def open_by_keyboard(page):
    launcher = page.get_by_role("button", name="Open de chat over duaal leren")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Vragen over duaal leren")).to_be_visible()
    expect(page.get_by_label("Typ je vraag")).to_be_focused()
    expect(page.get_by_role("button", name="Ik ben ouder")).to_be_visible()
    return launcher


def settle(page):
    """Wait for the panel's opening animation (finite animations only; the typing dots loop forever)."""
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished))""")


def ask(page, question: str = QUESTION):
    page.get_by_label("Typ je vraag").fill(question)
    page.get_by_label("Typ je vraag").press("Enter")


def answer_bubble(page, text: str = "leren op school"):
    return page.locator(".dla-msg--bot").filter(has_text=text)


def run_axe(page, base_url: str, axe_js) -> list[dict]:
    """Inject axe-core from the same origin (the demo page's CSP allows only 'self') and audit the open panel."""
    page.route(base_url + AXE_URL_PATH, lambda route: route.fulfill(path=str(axe_js), content_type="application/javascript"))
    page.add_script_tag(url=base_url + AXE_URL_PATH)
    result = page.evaluate("async () => await axe.run(document.querySelector('.dla-panel'))")
    return result["violations"]


def assert_no_serious_axe_violations(page, base_url: str, axe_js) -> None:
    serious = [v for v in run_axe(page, base_url, axe_js) if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)[:4000]


def test_keyboard_conversation_feedback_wipe_and_close(open_page, fake_rasa, axe_js, artifacts, base_url):
    page, problems = open_page(1280, 800)
    launcher = open_by_keyboard(page)
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(launcher).to_have_attribute("aria-controls", "dla-panel")
    expect(page.locator(".dla-panel")).to_have_attribute("aria-modal", "false")
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_contain_text("Hallo! Stel je vraag over duaal leren.")
    session_id = page.evaluate(STORE)["sessionId"]
    assert re.fullmatch(r"[0-9a-f]{32}", session_id)
    assert fake_rasa.messages_from(session_id) == ["hallo"]  # the greeting was asked once, without a user bubble
    expect(page.locator(".dla-msg--user")).to_have_count(0)

    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    answer = answer_bubble(page)
    expect(answer).to_be_visible()
    expect(page.locator(".dla-msg--user").last).to_have_text(re.compile(re.escape(QUESTION)))
    expect(page.get_by_label("Typ je vraag")).to_be_focused()
    expect(page.get_by_label("Typ je vraag")).to_have_value("")
    expect(answer.locator("strong")).to_have_text("Duaal leren")
    source = answer.locator(".dla-source")
    expect(source).to_have_count(1)
    expect(source).to_contain_text("Bron: Actieplan Duaal Leren 2025")
    expect(source).to_contain_text(", 1.1")
    expect(source.get_by_role("link")).to_have_attribute("href", "https://www.vlaanderen.be/duaal-leren")
    assert answer.inner_text().count("Bron:") == 1, "the 'Bron:' line of the text is replaced by the source line"
    inline_link = answer.locator(".dla-bubble .dla-p a")
    expect(inline_link).to_have_attribute("href", "https://vlaanderen.be/duaal-leren")
    expect(inline_link).to_have_attribute("rel", "noopener noreferrer")
    expect(inline_link).to_have_attribute("target", "_blank")

    # A follow-up button sends its payload but shows its title.
    answer.get_by_role("button", name="Krijg ik een diploma?").click()
    expect(page.locator(".dla-msg--user").last).to_contain_text("Krijg ik een diploma?")
    expect(answer_bubble(page, "hetzelfde diploma")).to_be_visible()
    assert fake_rasa.messages_from(session_id)[-1] == "/vraag_diploma"

    # Thumbs up: pressed, and a note whether or not /api/feedback exists yet.
    up = answer.get_by_role("button", name="Dit antwoord hielp me", exact=True)
    down = answer.get_by_role("button", name="Dit antwoord hielp me niet")
    expect(up).to_have_attribute("aria-pressed", "false")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    expect(answer.locator(".dla-feedback-note")).to_have_text(
        "Bedankt voor je reactie!")

    # Thumbs down on the second answer: a comment field appears.
    diploma = answer_bubble(page, "hetzelfde diploma")
    diploma.get_by_role("button", name="Dit antwoord hielp me niet").click()
    expect(diploma.get_by_role("button", name="Dit antwoord hielp me niet")).to_have_attribute("aria-pressed", "true")
    comment = diploma.get_by_label("Wat kon beter? (niet verplicht)")
    expect(comment).to_be_visible()
    comment.fill("Ik wil weten welk diploma precies.")
    comment.press("Enter")
    expect(comment).to_have_count(0)
    expect(diploma.locator(".dla-feedback-note")).to_have_text(
        "Bedankt voor je uitleg!")

    page.get_by_label("Typ je vraag").focus()
    settle(page)
    page.screenshot(path=str(artifacts / "widget-desktop-1280x800.png"))

    assert_no_serious_axe_violations(page, base_url, axe_js)

    # "Wis mijn gesprek": asks first, then clears the log and starts a new session.
    page.get_by_role("button", name="Wis mijn gesprek").click()
    yes = page.get_by_role("button", name="Ja, wis alles")
    expect(yes).to_be_focused()
    expect(page.get_by_text("Wil je dit gesprek wissen?")).to_be_visible()
    yes.press("Enter")
    expect(log).not_to_contain_text(QUESTION)
    expect(log).not_to_contain_text("hetzelfde diploma")
    expect(log).to_contain_text("Je gesprek is gewist.")
    expect(log).not_to_contain_text("lukte dat nu niet")
    expect(page.get_by_role("button", name="Ik ben ouder")).to_be_visible()
    new_id = page.evaluate(STORE)["sessionId"]
    assert new_id != session_id
    assert fake_rasa.messages_from(new_id) == ["hallo"]
    assert QUESTION not in json.dumps(page.evaluate(STORE))

    # Escape closes and gives the focus back to the launcher, with a visible focus ring.
    page.get_by_label("Typ je vraag").focus()
    page.keyboard.press("Escape")
    expect(page.locator(".dla-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert page.evaluate("getComputedStyle(document.querySelector('.dla-launcher')).outlineStyle") == "solid"

    # The close button does the same.
    page.keyboard.press("Enter")
    expect(page.get_by_label("Typ je vraag")).to_be_focused()
    page.get_by_role("button", name="Sluit de chat").click()
    expect(page.locator(".dla-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    problems.assert_none()


def test_conversation_survives_a_reload_and_new_conversation_starts_fresh(open_page, fake_rasa):
    page, problems = open_page()
    open_by_keyboard(page)
    ask(page)
    expect(answer_bubble(page)).to_be_visible()
    session_id = page.evaluate(STORE)["sessionId"]

    page.reload()
    page.get_by_role("button", name="Open de chat over duaal leren").click()
    expect(answer_bubble(page)).to_be_visible()
    expect(page.locator(".dla-msg--user")).to_have_text(re.compile(re.escape(QUESTION)))
    assert page.evaluate(STORE)["sessionId"] == session_id
    assert fake_rasa.messages_from(session_id).count("hallo") == 1, "no second greeting after a reload"

    page.get_by_role("button", name="Nieuw gesprek").click()
    expect(page.get_by_role("log")).not_to_contain_text(QUESTION)
    expect(page.get_by_role("button", name="Ik ben ouder")).to_be_visible()
    expect(page.get_by_label("Typ je vraag")).to_be_focused()
    assert page.evaluate(STORE)["sessionId"] != session_id
    problems.assert_none()


def test_bot_text_is_rendered_as_text_never_as_html(open_page):
    page, problems = open_page()
    open_by_keyboard(page)
    ask(page, "test xss")
    evil = answer_bubble(page, "Kijk:")
    expect(evil).to_contain_text("<img src=x onerror=alert(1)>")
    expect(evil).to_contain_text("<script>alert(2)</script>")
    assert page.locator(".dla-panel img, .dla-panel script").count() == 0
    expect(evil.locator("strong")).to_have_text("vet")
    links = evil.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/pad?a=1")
    expect(evil).to_contain_text("javascript:alert(3)")
    expect(evil).to_contain_text("info@syntra.be")
    page.wait_for_timeout(200)
    problems.assert_none()


def test_user_text_is_rendered_as_text(open_page):
    page, problems = open_page()
    open_by_keyboard(page)
    ask(page, "<b>vet</b> <img src=x onerror=alert(1)>")
    expect(page.locator(".dla-msg--user")).to_contain_text("<b>vet</b> <img src=x onerror=alert(1)>")
    assert page.locator(".dla-panel img, .dla-msg--user b").count() == 0
    problems.assert_none()


@pytest.mark.parametrize("status, headers, body, shown", [
    (422, {}, {"detail": "Je bericht is te lang: gebruik maximaal 1000 tekens."}, "Je bericht is te lang"),
    (429, {"Retry-After": "30"}, {"detail": "Je stuurt te veel berichten. Wacht 30 seconden."}, "Wacht 30 seconden."),
    (429, {"Retry-After": "12"}, None, "Wacht 12 seconden en probeer opnieuw."),
    (503, {}, None, "De assistent is even niet beschikbaar."),
    (500, {}, None, "Er ging iets mis. Probeer het later opnieuw."),
])
def test_errors_are_shown_in_dutch(open_page, status, headers, body, shown):
    page, problems = open_page()
    open_by_keyboard(page)
    page.route("**/api/chat", lambda route: route.fulfill(
        status=status, headers=headers, content_type="application/json", body=json.dumps(body) if body else ""))
    ask(page)
    expect(page.locator(".dla-msg--error")).to_contain_text(shown)
    expect(page.get_by_role("button", name="Verstuur")).to_be_enabled()
    assert problems.errors == [] and problems.dialogs == []


def test_network_failure_and_typing_indicator(open_page):
    page, problems = open_page()
    open_by_keyboard(page)
    held = []
    page.route("**/api/chat", lambda route: held.append(route))
    ask(page)
    expect(page.locator(".dla-typing")).to_be_visible()
    expect(page.locator(".dla-typing")).to_contain_text("De assistent typt…")
    expect(page.get_by_role("button", name="Verstuur")).to_be_disabled()
    expect(page.get_by_role("log")).to_have_attribute("aria-busy", "true")
    held[0].abort()
    expect(page.locator(".dla-msg--error")).to_contain_text("Ik kan de server nu niet bereiken")
    expect(page.locator(".dla-typing")).to_have_count(0)
    expect(page.get_by_role("button", name="Verstuur")).to_be_enabled()
    assert problems.errors == []


def test_degraded_answers_show_a_note(open_page):
    page, problems = open_page()
    open_by_keyboard(page)
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps({
        "degraded": True,
        "messages": [{"id": "a" * 32, "text": "Je krijgt een vergoeding.\n\nBron: Actieplan, 2.3", "buttons": [],
                      "sources": [{"title": "Actieplan", "reference": "2.3", "url": None}], "article_id": "vergoeding"}]})))
    ask(page, "word ik betaald?")
    expect(page.get_by_role("log")).to_contain_text("De assistent werkt even in beperkte modus.")
    expect(answer_bubble(page, "vergoeding").locator(".dla-source")).to_have_text("Bron: Actieplan, 2.3")
    problems.assert_none()


@pytest.mark.parametrize("width, height, name", [
    (375, 740, "widget-phone-375x740.png"),
    (320, 640, "widget-phone-320x640.png"),
    (640, 400, "widget-zoom200-1280x800.png"),  # 1280 x 800 at 200% zoom has this many CSS pixels
])
def test_small_screens_and_zoom(open_page, artifacts, base_url, axe_js, width, height, name):
    page, problems = open_page(width, height)
    open_by_keyboard(page)
    ask(page)
    expect(answer_bubble(page)).to_be_visible()
    settle(page)
    box = page.locator(".dla-panel").bounding_box()
    assert box["x"] == 0 and box["y"] == 0 and box["width"] == width and box["height"] == height, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("(() => { const p = document.querySelector('.dla-panel'); return p.scrollWidth <= p.clientWidth })()")
    for locator in (page.get_by_label("Typ je vraag"), page.get_by_role("button", name="Verstuur"),
                    page.get_by_role("button", name="Sluit de chat")):
        field = locator.bounding_box()
        assert field["x"] >= 0 and field["x"] + field["width"] <= width and field["y"] + field["height"] <= height
    page.screenshot(path=str(artifacts / name))
    page.get_by_role("button", name="Wis mijn gesprek").click()  # audit the confirm question too
    assert_no_serious_axe_violations(page, base_url, axe_js)
    problems.assert_none()


def test_touch_targets_are_at_least_44_pixels(open_page):
    page, _ = open_page(375, 740)
    open_by_keyboard(page)
    ask(page)
    expect(answer_bubble(page)).to_be_visible()
    sizes = page.evaluate("""() => [...document.querySelectorAll('.dla-root button')]
        .filter((b) => b.offsetParent !== null)
        .map((b) => { const r = b.getBoundingClientRect(); return [b.getAttribute('aria-label') || b.textContent, r.width, r.height]; })""")
    small = [s for s in sizes if s[1] < 43.5 or s[2] < 43.5]
    assert sizes and small == [], small


def test_reduced_motion_stops_animations(open_page):
    page, _ = open_page(reduced_motion="reduce")
    open_by_keyboard(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.dla-panel')).animationName") == "none"
    held = []
    page.route("**/api/chat", lambda route: held.append(route))
    ask(page)
    expect(page.locator(".dla-typing")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.dla-dot')).animationName") == "none"
    held[0].abort()


def test_demo_page_has_a_strict_content_security_policy(base_url):
    page = httpx.get(base_url + "/")
    assert page.status_code == 200 and "Duaal leren – demo" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp and "connect-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in page.text and "style=" not in page.text
    script = httpx.get(base_url + "/widget/widget.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "innerHTML" not in script.text
    assert httpx.get(base_url + "/widget/widget.css").headers["content-type"].startswith("text/css")


def test_feedback_and_wipe_failures_do_not_break_the_widget(open_page):
    page, problems = open_page()
    open_by_keyboard(page)
    ask(page)
    answer = answer_bubble(page)
    expect(answer).to_be_visible()

    page.route("**/api/feedback", lambda route: route.fulfill(status=404, content_type="application/json",
                                                              body='{"detail": "Not Found"}'))
    answer.get_by_role("button", name="Dit antwoord hielp me", exact=True).click()
    expect(answer.locator(".dla-feedback-note")).to_have_text("Bedankt! Je reactie kon nu niet worden doorgestuurd.")
    page.unroute("**/api/feedback")
    page.route("**/api/feedback", lambda route: route.fulfill(status=404, content_type="application/json",
                                                              body='{"detail": "Dit antwoord kennen we niet (meer)."}'))
    answer.get_by_role("button", name="Dit antwoord hielp me niet").click()
    expect(answer.locator(".dla-feedback-note")).to_have_text("Dit antwoord kennen we niet (meer).")

    page.route("**/api/sessions/*", lambda route: route.fulfill(status=404, content_type="application/json",
                                                                body='{"detail": "Not Found"}'))
    page.get_by_role("button", name="Wis mijn gesprek").click()
    page.get_by_role("button", name="Ja, wis alles").click()
    expect(page.get_by_role("log")).not_to_contain_text(QUESTION)
    expect(page.get_by_role("log")).to_contain_text("Op de server lukte dat nu niet.")
    expect(page.get_by_role("button", name="Ik ben ouder")).to_be_visible()
    problems.assert_none()
