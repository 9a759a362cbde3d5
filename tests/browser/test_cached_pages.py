"""Pages the worker keeps are the same for whoever holds the phone (DESIGN §3.1)."""

from playwright.sync_api import expect

from tests.browser.helpers import sign_up, wait_for_sw_control


def test_the_welcome_message_is_not_kept_in_the_cached_home_page(page, context, server):
    page.goto("/")
    wait_for_sw_control(page)
    sign_up(page, "Rosa Mamani", "rosa@example.bo")
    expect(page.locator(".flash")).to_contain_text("¡Bienvenida!")  # shown once, online
    expect(page.locator("#who")).to_have_text("Rosa Mamani")
    context.set_offline(True)
    page.goto("/")
    expect(page.get_by_role("link", name="Conéctate")).to_be_visible()  # the cached home page
    expect(page.locator(".flash")).to_have_count(0)
