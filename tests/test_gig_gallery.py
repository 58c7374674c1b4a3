"""A gig's gallery through the gateway (C1, issue 17): three images and a PDF sent as
uploads, thumbnails made in the background and shown on the gig page and in search,
each link answering real bytes; a non-image "image" refused with nothing kept."""

import io

from PIL import Image

from tests.support import eventually, gig_body


def picture(fmt, colour):
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(out, fmt)
    return out.getvalue()


def follow(api, path):
    """A gallery link: a redirect to a short-lived link, then the bytes."""
    response = api.get(path, allow_redirects=False)
    assert response.status_code == 302, response.text
    return api.session.get(api.base_url + path, timeout=30)


def test_c1_a_gig_shows_three_images_and_a_pdf_with_thumbnails_in_search(api, unique):
    seller = api.sign_up(unique("s"))
    images = [
        api.upload(seller, "gig_image", picture(fmt, colour), f"shot.{ext}", f"image/{ext}")
        for fmt, ext, colour in [("PNG", "png", "red"), ("JPEG", "jpeg", "green"),
                                 ("WEBP", "webp", "blue")]
    ]  # fmt: skip
    pdf = api.upload(seller, "gig_document", b"%PDF-1.4\n%%EOF\n", "prices.pdf", "application/pdf")
    word = unique("gallery")
    created = api.post(
        "/v1/gigs",
        as_=seller,
        json=gig_body(
            title=f"I will design a {word} logo", gallery={"images": images, "document": pdf}
        ),
    )
    assert created.status_code == 201, created.text
    gig = created.json()
    assert [i["upload_id"] for i in gig["gallery"]["images"]] == images
    assert gig["gallery"]["document"]["url"] == f"/v1/gigs/{gig['id']}/gallery/{pdf}"

    def thumbnails_made():
        page = api.get(f"/v1/gigs/{gig['id']}").json()
        urls = [i["thumbnail_url"] for i in page["gallery"]["images"]]
        assert all(urls), urls
        return page

    page = eventually(thumbnails_made, timeout=20)
    cover = page["gallery"]["images"][0]
    assert cover["thumbnail_url"] == f"/v1/gigs/{gig['id']}/gallery/{images[0]}/thumbnail"
    results = api.get("/v1/search/gigs", params={"q": word}).json()["results"]
    assert [(r["id"], r["thumbnail_url"]) for r in results] == [(gig["id"], cover["thumbnail_url"])]

    thumbnail = follow(api, cover["thumbnail_url"])
    assert thumbnail.status_code == 200
    with Image.open(io.BytesIO(thumbnail.content)) as image:
        assert (image.format, image.width) == ("WEBP", 400)
    original = follow(api, cover["url"])
    with Image.open(io.BytesIO(original.content)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 800))
    assert follow(api, page["gallery"]["document"]["url"]).content.startswith(b"%PDF-")


def test_c1_a_non_image_image_is_refused_with_422_and_nothing_is_kept(api, unique):
    seller = api.sign_up(unique("s"))
    good = api.upload(seller, "gig_image", picture("PNG", "red"), "a.png", "image/png")
    fake = api.upload(seller, "gig_image", b"plain text, named logo.png", "logo.png", "image/png")
    word = unique("refused")
    refused = api.post(
        "/v1/gigs",
        as_=seller,
        json=gig_body(title=f"I will design a {word} logo", gallery={"images": [good, fake]}),
    )
    assert refused.status_code == 422, refused.text
    assert fake in refused.text and "not an image" in refused.text
    assert api.get("/v1/search/gigs", params={"q": word}).json()["results"] == []
    profile = api.get(f"/v1/sellers/{seller.username}").json()
    assert profile["gigs"] == []
    # nothing was taken: the good image still serves another gig
    created = api.post(
        "/v1/gigs",
        as_=seller,
        json=gig_body(title=f"I will design a {word} logo", gallery={"images": [good]}),
    )
    assert created.status_code == 201, created.text


def test_c1_an_archived_gigs_gallery_is_not_served(api, unique):
    seller = api.sign_up(unique("s"))
    image = api.upload(seller, "gig_image", picture("PNG", "red"), "a.png", "image/png")
    gig = api.post("/v1/gigs", as_=seller, json=gig_body(gallery={"images": [image]})).json()
    url = gig["gallery"]["images"][0]["url"]
    assert api.get(url, allow_redirects=False).status_code == 302
    assert api.request("DELETE", f"/v1/gigs/{gig['id']}", as_=seller).status_code == 200
    assert api.get(url, allow_redirects=False).status_code == 404
