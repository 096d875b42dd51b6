"""Boilerplate removal: what is left of a scraped page is the article."""

import itertools

import pytest

from service.text.clean import article_regions, is_boilerplate_line

ARTICLE = (
    "The ministry said on Monday that 4,000 soldiers were sent to the border region.\n"
    "Officials in the capital confirmed the figure, according to the state broadcaster.\n"
)


def kept(text: str) -> str:
    return "\n".join(text[start:end] for start, end in article_regions(text))


def kept_lines(text: str) -> list[str]:
    return [line.strip() for line in kept(text).splitlines() if line.strip()]


def test_plain_article_is_kept_whole() -> None:
    assert article_regions(ARTICLE) == [(0, len(ARTICLE.rstrip("\n")))]


def test_regions_are_ordered_disjoint_and_inside_the_text() -> None:
    text = "Share on Twitter\n" + ARTICLE + "Views: 12\n" + ARTICLE + "Related Articles\nOther"
    regions = article_regions(text)
    assert regions == sorted(regions)
    for (_, end), (start, _) in itertools.pairwise(regions):
        assert end < start
    assert all(0 <= start < end <= len(text) for start, end in regions)


@pytest.mark.parametrize(
    "line",
    [
        "Share on Twitter",
        "  • Share on LINE",
        "Follow us on Instagram",
        "Subscribe to our newsletter",
        "PHOTO: Reuters/Afro",
        "• PHOTO. Reuters/Afro",
        "Image credit: Getty Images",
        "(Photo by Jane Doe/AFP)",
        ">>> Read more <<<",
        "READ MORE: Troops head west",
        "See also: The earlier deployment",
        "Views: 0",
        "0",
        "By John Smith",
        "Published: June 4, 2024",
        "Advertisement",
        "Accept all cookies",
    ],
)
def test_page_furniture_lines_are_dropped(line: str) -> None:
    text = ARTICLE + line + "\n" + ARTICLE
    assert kept_lines(text) == kept_lines(ARTICLE) * 2
    assert is_boilerplate_line(line)


def test_a_caption_with_a_photo_credit_is_dropped() -> None:
    caption = "Troops march in the capital in April (PHOTO: Reuters/Afro)"
    assert kept_lines(ARTICLE + caption + "\n" + ARTICLE) == kept_lines(ARTICLE) * 2


@pytest.mark.parametrize(
    ("heading", "form"),
    [
        ("Leave a Reply", "Your email address will not be published. Required fields are marked *"),
        (
            "Deja una respuesta",
            "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están "
            "marcados con *",
        ),
        (
            "Laisser un commentaire",
            "Votre adresse e-mail ne sera pas publiée. "
            "Les champs obligatoires sont indiqués avec *",
        ),
        (
            "Kommentar verfassen",
            "Deine E-Mail-Adresse wird nicht veröffentlicht. "
            "Erforderliche Felder sind mit * markiert",
        ),
        (
            "コメントを残す",
            "メールアドレスが公開されることはありません。 ※ が付いている欄は必須項目です",
        ),
        ("发表回复", "您的邮箱地址不会被公开。 必填项已用 * 标注"),
    ],
)
def test_a_comment_form_in_any_language_ends_the_article(heading: str, form: str) -> None:
    text = ARTICLE + "\n" + heading + "\n\n" + form + "\nA reader wrote that the numbers are wrong."
    assert kept_lines(text) == kept_lines(ARTICLE)


@pytest.mark.parametrize(
    "heading",
    [
        "Related Articles",
        "Related Sources:",
        "Comments",
        "12 comments",
        "Photo Gallery1 total",
        "You may also like",
        "関連記事",
        "相关文章",
    ],
)
def test_everything_after_a_related_or_comments_heading_is_dropped(heading: str) -> None:
    tail = "\nNorth Korea sends more troops to the front, officials said.\n"
    assert kept_lines(ARTICLE + heading + tail) == kept_lines(ARTICLE)


def test_a_related_box_near_the_top_of_a_long_article_drops_only_its_heading() -> None:
    text = ARTICLE + "Related Articles\n" + ARTICLE * 3
    assert kept_lines(text) == kept_lines(ARTICLE) * 4


@pytest.mark.parametrize(
    "language_banner",
    [
        "Customize Consent Preferences\n\nWe use cookies to help you navigate efficiently.\n\n"
        "Always Active\n\nNecessary cookies are required to enable the basic features.\n\n"
        "No cookies to display.\n\n0\n",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.\n"
        "Aceptar todas\nConfigurar cookies\n",
        "Nous utilisons des cookies pour améliorer votre expérience. Consultez notre politique de "
        "confidentialité.\nTout accepter\n",
        "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten. Mehr in unserer "
        "Datenschutzerklärung.\nAlle akzeptieren\n",
    ],
)
def test_a_consent_banner_block_at_the_top_is_dropped(language_banner: str) -> None:
    assert kept_lines(language_banner + "\n" + ARTICLE) == kept_lines(ARTICLE)


def test_a_single_sentence_about_cookies_inside_an_article_is_kept() -> None:
    cookie_news = "The regulator fined the company 2 million euros over its cookie banner.\n"
    text = ARTICLE + cookie_news + ARTICLE
    assert kept_lines(text) == [*kept_lines(ARTICLE), cookie_news.strip(), *kept_lines(ARTICLE)]


def test_an_author_biography_at_the_end_is_dropped() -> None:
    bio = (
        "Jane Doe is a senior defence reporter who has covered the Korean Peninsula since 2015. "
        "She lives in Seoul."
    )
    assert kept_lines(ARTICLE + bio) == kept_lines(ARTICLE)


def test_a_person_described_in_the_opening_paragraph_is_not_a_biography() -> None:
    lead = "Kim Min-jun is a former journalist who defected in 2010 with two children.\n"
    assert kept_lines(lead + ARTICLE) == [lead.strip(), *kept_lines(ARTICLE)]


def test_a_site_name_after_the_headline_is_cut() -> None:
    text = "Troops sent to the border, ministry says | DAILY NEWS\n\n" + ARTICLE
    assert kept_lines(text)[0] == "Troops sent to the border, ministry says"


def test_label_lines_of_the_article_are_kept() -> None:
    text = "Key Takeaways\n- Troops were sent.\n" + ARTICLE
    assert kept_lines(text)[:2] == ["Key Takeaways", "- Troops were sent."]


@pytest.mark.parametrize("text", ["", "\n\n\n", "0\n0", "Share on Twitter"])
def test_a_page_without_article_text_has_no_regions(text: str) -> None:
    assert article_regions(text) == []


def test_a_counter_above_the_article_is_dropped_without_cutting_the_article() -> None:
    assert kept_lines("12 comments\n" + ARTICLE) == kept_lines(ARTICLE)


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry sent 4,000 soldiers to the border.",
        "The EU fined the firm over its cookie consent rules.",
    ],
)
def test_news_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate_line(sentence)


def test_consent_wording_addressed_to_the_reader_is_boilerplate() -> None:
    assert is_boilerplate_line("We use cookies to improve your experience on this site.")
