"""What a module download contains: the URLs of its pages and pictures, and their weight."""

from __future__ import annotations

import gzip

from flask import Flask, url_for

from learner.learning.catalog import Module


def module_urls(module: Module) -> list[str]:
    urls = [url_for("lessons.module", module_slug=module.slug)]
    for lesson in module.lessons:
        urls.append(url_for("lessons.lesson", module_slug=module.slug, lesson_slug=lesson.slug))
        urls.append(url_for("lessons.quiz", module_slug=module.slug, lesson_slug=lesson.slug))
    return urls + optional_urls(module)


def optional_urls(module: Module) -> list[str]:
    """What "modo ahorro" leaves out of a download: the illustrations."""
    return [url_for("lessons.illustration", module_slug=module.slug, filename=lesson.illustration.file)
            for lesson in module.lessons if lesson.illustration]


def measure(app: Flask, urls: list[str]) -> int:
    """Compressed bytes of every URL, rendered once through the app itself (no network)."""
    total = 0
    with app.test_client() as client:
        for url in urls:
            body = client.get(url, headers={"Accept-Encoding": "identity"}).get_data()
            total += len(gzip.compress(body, 6)) + 300  # + response headers, roughly
    return total


def offline_manifest(app: Flask, module: Module) -> dict:
    """The manifest of DESIGN issue 3, computed once per content version and kept in memory."""
    cache = app.extensions.setdefault("offline_manifests", {})
    key = (module.slug, module.version)
    if key not in cache:
        urls, optional = module_urls(module), optional_urls(module)
        cache[key] = {"module": module.slug, "version": module.version, "urls": urls,
                      "bytes": measure(app, urls), "optional": optional,
                      "optional_bytes": measure(app, optional)}
    return cache[key]
