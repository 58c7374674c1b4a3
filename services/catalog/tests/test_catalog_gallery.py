"""A gig's gallery (C1, issue 17): the rules alone, Pillow's checks on real images made
here, and the service layer on a real catalog database and a local file store."""

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from microtache.errors import Conflict, Forbidden, NotFound, RuleViolation
from microtache.files import LocalBlobs, Uploads
from microtache.money import Money

from catalog.adapters.images import image_facts, make_thumbnail
from catalog.contract import UPLOAD_USES, GigSchema
from catalog.domain import gallery as rules
from catalog.domain.accounts import User
from catalog.domain.gallery import DOCUMENT, IMAGE, GalleryFile, ImageFacts
from catalog.service_layer import gallery, gigs, search, views

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def picture(fmt="PNG", size=(1200, 800), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 60) if mode == "RGB" else None).save(out, fmt)
    return out.getvalue()


def kept(upload_id, kind=IMAGE, position=0, thumbnail_key=None):
    return GalleryFile(
        kind, position, upload_id, f"uploads/{upload_id}", "a.png", "image/png", 10, None,
        thumbnail_key,
    )  # fmt: skip


# -- the rules (domain.gallery) -------------------------------------------------------
def test_c1_a_gallery_has_at_most_three_images_and_each_upload_once():
    rules.check_request(["a", "b", "c"], "d")
    with pytest.raises(RuleViolation):
        rules.check_request(["a", "b", "c", "d"], None)
    with pytest.raises(RuleViolation) as twice:
        rules.check_request(["a", "b"], "a")
    assert twice.value.details["upload_id"] == "a"


def test_c1_an_image_is_one_of_the_allowed_formats_declared_as_what_it_is():
    rules.check_image("u1", "image/png", ImageFacts("PNG", 10, 10))
    for content_type, facts in [
        ("image/png", None),  # Pillow could not read it
        ("image/bmp", ImageFacts("BMP", 10, 10)),
        ("image/jpeg", ImageFacts("PNG", 10, 10)),  # declared as another type
        ("image/png", ImageFacts("PNG", 10_000, 10_000)),  # too many pixels to decode
    ]:
        with pytest.raises(RuleViolation) as refused:
            rules.check_image("u1", content_type, facts)
        assert refused.value.details["upload_id"] == "u1"
        assert "u1" in refused.value.args[0]


def test_c1_the_document_is_a_pdf():
    rules.check_document("d1", b"%PDF-")
    with pytest.raises(RuleViolation):
        rules.check_document("d1", b"GIF89")


def test_c1_arranging_keeps_the_files_kept_with_their_thumbnails_and_says_what_left():
    cover = kept("a", thumbnail_key="thumbnails/a.webp")
    before = [cover, kept("b", position=1), kept("pdf", DOCUMENT)]
    after = rules.arrange(before, [kept("c"), kept("a"), kept("pdf", DOCUMENT)])
    assert [(f.upload_id, f.position) for f in after] == [("c", 0), ("a", 1), ("pdf", 0)]
    assert after[1] is cover and cover.thumbnail_key == "thumbnails/a.webp"
    assert rules.removed(["a", "b", "pdf"], after) == ["b"]
    assert rules.cover_thumbnail(after) is None  # c comes first and has none yet
    assert rules.lacking_thumbnails(after) == ["c"]
    with pytest.raises(RuleViolation):
        rules.arrange([], [kept("p", DOCUMENT), kept("q", DOCUMENT)])


def test_c1_thumbnails_are_400_wide_in_proportion_and_never_enlarged():
    assert rules.thumbnail_size(1200, 800) == (400, 267)
    assert rules.thumbnail_size(300, 900) == (300, 900)


# -- Pillow (adapters.images) ------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_c1_pillow_reads_and_verifies_real_images(fmt):
    assert image_facts(picture(fmt)) == ImageFacts(fmt, 1200, 800)


def test_c1_a_text_file_named_png_is_no_image():
    facts = image_facts(b"just some words, saved as logo.png\n")
    assert facts is None
    with pytest.raises(RuleViolation) as refused:
        rules.check_image("u1", "image/png", facts)
    assert refused.value.args[0] == "Upload u1 is not an image (C1)."


def test_c1_a_truncated_png_fails_verification():
    assert image_facts(picture("PNG")[:200]) is None


def test_c1_a_thumbnail_is_a_webp_400_pixels_wide():
    for data in (picture("JPEG"), picture("PNG", mode="RGBA"), picture("GIF")):
        with Image.open(io.BytesIO(make_thumbnail(data))) as thumb:
            assert (thumb.format, thumb.size) == ("WEBP", (400, 267))


# -- the service layer, on a real database and a local file store ------------------------
@pytest.fixture
def store(catalog_store):
    return catalog_store()


@pytest.fixture
def uploads(tmp_path):
    return Uploads(LocalBlobs(str(tmp_path / "files")), UPLOAD_USES)


@pytest.fixture
def seller(store):
    user = User(username="ana", email="ana@example.com", password_hash="-", created_at=NOW)
    with store.unit_of_work() as uow:
        assert uow.accounts.add_new(user)
    return user.id


def upload(uploads, owner, use, data, name, content_type):
    declared = uploads.declare(owner, use, name, content_type, len(data))
    return uploads.receive(declared.id, [data]).id


def gig_data():
    return {
        "title": "I will design a minimalist logo for your brand",
        "description": "Clean vector logos.",
        "category": "graphics-design",
        "subcategory": "logo-design",
        "packages": [{"tier": "basic", "price": Money(2000), "delivery_days": 3, "revisions": 1}],
        "extras": [],
        "attributes": {},
        "tags": [],
        "ships_physical_item": False,
        "accepts_remote_work": True,
        "shows_reviews": True,
    }


def create(store, uploads, seller, images, document=None):
    """What `CatalogService.create_gig` does."""
    files = gallery.inspect(uploads, seller, {"images": images, "document": document})
    with store.unit_of_work() as uow:
        gig = gigs.create_gig(uow, seller, gig_data(), files)
        gallery.claim(uow, uploads, gig, files)
        return gig, list(uow.published)


def test_c1_a_gig_keeps_its_gallery_and_thumbnails_are_made_after(store, uploads, seller):
    images = [upload(uploads, seller, "gig_image", picture(f), f"p.{f}", f"image/{f.lower()}")
              for f in ("PNG", "WEBP")]  # fmt: skip
    pdf = upload(uploads, seller, "gig_document", b"%PDF-1.4\n...", "menu.pdf", "application/pdf")
    gig, published = create(store, uploads, seller, images, pdf)
    changed = [e for e in published if e["event_type"] == "gig_gallery_changed"]
    assert [e["images"] for e in changed] == [images]
    assert uploads.find(images[0]).attached_to == f"catalog/gigs/{gig.id}"
    with store.read_only() as uow:
        view = GigSchema().dump(views.gig_view(uow, gigs.get_gig(uow, gig.id)))
    assert [i["thumbnail_url"] for i in view["gallery"]["images"]] == [None, None]
    assert view["gallery"]["document"]["url"] == f"/v1/gigs/{gig.id}/gallery/{pdf}"

    gallery.make_thumbnails(store, uploads, {"gig_id": gig.id})
    with store.read_only() as uow:
        view = views.gig_view(uow, gigs.get_gig(uow, gig.id))
        found = gallery.gallery_file(uow, gig.id, images[0], thumbnail=True)
        rows, _, _ = search.search_gigs(uow, {"limit": 5, "q": "minimalist"})
    assert view["gallery"]["images"][0]["thumbnail_url"] == (
        f"/v1/gigs/{gig.id}/gallery/{images[0]}/thumbnail"
    )
    assert rows[0]["thumbnail_url"] == view["gallery"]["images"][0]["thumbnail_url"]
    with Image.open(io.BytesIO(uploads.blobs.get(found["key"]))) as thumb:
        assert thumb.size == (400, 267)


def test_c1_a_non_image_image_is_refused_and_nothing_is_kept(store, uploads, seller):
    good = upload(uploads, seller, "gig_image", picture(), "a.png", "image/png")
    fake = upload(uploads, seller, "gig_image", b"not an image", "b.png", "image/png")
    with pytest.raises(RuleViolation) as refused:
        create(store, uploads, seller, [good, fake])
    assert refused.value.details["upload_id"] == fake
    assert [uploads.find(u).state for u in (good, fake)] == ["ready", "ready"]
    with store.read_only() as uow:
        assert uow.gigs.active_count(seller) == 0


def test_c1_only_the_sellers_ready_uploads_of_the_right_use(store, uploads, seller):
    pdf = upload(uploads, seller, "gig_document", b"%PDF-1.4", "a.pdf", "application/pdf")
    with pytest.raises(RuleViolation):  # a document named as an image
        create(store, uploads, seller, [pdf])
    theirs = upload(uploads, "someone-else", "gig_image", picture(), "a.png", "image/png")
    with pytest.raises(Forbidden):
        create(store, uploads, seller, [theirs])
    with pytest.raises(RuleViolation):
        create(store, uploads, seller, ["0" * 32])  # no such upload
    pending = uploads.declare(seller, "gig_image", "a.png", "image/png", 10).id
    with pytest.raises(RuleViolation):
        create(store, uploads, seller, [pending])
    image = upload(uploads, seller, "gig_image", picture(), "a.png", "image/png")
    create(store, uploads, seller, [image])
    with pytest.raises(Conflict):  # another gig's already
        create(store, uploads, seller, [image])


def test_c1_a_change_replaces_the_gallery_and_releases_the_images_left_out(store, uploads, seller):
    first, second = (
        upload(uploads, seller, "gig_image", picture(), f"{n}.png", "image/png") for n in "ab"
    )
    gig, _ = create(store, uploads, seller, [first])
    gallery.make_thumbnails(store, uploads, {"gig_id": gig.id})
    files = gallery.inspect(uploads, seller, {"images": [second, first]}, gig.id)
    with store.unit_of_work() as uow:
        before = [f.upload_id for f in gigs.get_gig(uow, gig.id).gallery]
        changed = gigs.update_gig(uow, seller, gig.id, {"gallery": {}}, files)
        gallery.claim(uow, uploads, changed, files)
    assert rules.removed(before, changed.gallery) == []
    with store.read_only() as uow:
        images = gigs.get_gig(uow, gig.id).gallery
        assert [(f.upload_id, f.thumbnail_key is not None) for f in images] == [
            (second, False),
            (first, True),  # kept with its thumbnail
        ]
    files = gallery.inspect(uploads, seller, {"images": [second]}, gig.id)
    with store.unit_of_work() as uow:
        before = [f.upload_id for f in gigs.get_gig(uow, gig.id).gallery]
        changed = gigs.update_gig(uow, seller, gig.id, {}, files)
    gallery.release(uploads, rules.removed(before, changed.gallery))
    with pytest.raises(NotFound):
        uploads.find(first)
    assert uploads.blobs.get(rules.thumbnail_key(first)) is None


def test_c1_an_archived_gigs_files_are_not_served(store, uploads, seller):
    image = upload(uploads, seller, "gig_image", picture(), "a.png", "image/png")
    gig, _ = create(store, uploads, seller, [image])
    with store.read_only() as uow:
        assert gallery.gallery_file(uow, gig.id, image)["key"] == f"uploads/{image}"
        with pytest.raises(NotFound):  # its thumbnail is not made yet
            gallery.gallery_file(uow, gig.id, image, thumbnail=True)
        with pytest.raises(NotFound):
            gallery.gallery_file(uow, gig.id, "0" * 32)
    with store.unit_of_work() as uow:
        gigs.archive_gig(uow, seller, gig.id)
    with store.read_only() as uow, pytest.raises(NotFound):
        gallery.gallery_file(uow, gig.id, image)


def test_c1_uploads_taken_by_a_change_that_does_not_commit_are_given_back(store, uploads, seller):
    image = upload(uploads, seller, "gig_image", picture(), "a.png", "image/png")
    files = gallery.inspect(uploads, seller, {"images": [image]})
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        gig = gigs.create_gig(uow, seller, gig_data(), files)
        gallery.claim(uow, uploads, gig, files)
        assert uploads.find(image).state == "attached"
        raise RuntimeError("the commit fails")
    assert uploads.find(image).state == "ready"
    create(store, uploads, seller, [image])  # a retry takes it
