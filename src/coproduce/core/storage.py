"""Static files in production: whitenoise's compressed, hashed files, and never a 500 for want of them.

settings.STORAGES uses this storage whenever DEBUG is off, whether or not STATIC_ROOT exists when a process starts:
choosing by the folder's existence made the first `collectstatic` into a new folder run without the manifest
storage (so it wrote no manifest), and then every page failed in the web processes, which did use it (issue 13).
"""

from __future__ import annotations

import logging

from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Links the hashed copy of a file when the manifest knows it, else the file's plain name.

    Without a manifest (collectstatic not run yet, or a file added since) Django's storage raises on every
    {% static %}, so every page would be a 500; whitenoise serves the plain name from STATIC_ROOT or the apps'
    folders (WHITENOISE_USE_FINDERS), so the page still looks right, only without long caching. `check --deploy`
    warns when the manifest is missing (coproduce.core.checks).
    """

    _reported: set[str] = set()

    def load_manifest(self) -> tuple[dict[str, str], str]:
        try:
            return super().load_manifest()
        except ValueError:
            # A damaged or foreign manifest: as if there were none (the check says so too).
            logger.error(
                "The static files manifest %s cannot be read: run `coproduce collectstatic`.", self.manifest_name
            )
            return {}, ""

    def stored_name(self, name: str) -> str:
        try:
            return super().stored_name(name)  # manifest_strict: raises ValueError when the manifest lacks the file
        except ValueError:
            if name not in self._reported:
                self._reported.add(name)
                logger.warning(
                    "Static file %r is not in the manifest: linked by its plain name (run `coproduce collectstatic`).",
                    name,
                )
            return name

    def manifest_missing(self) -> bool:
        try:
            return self.read_manifest() is None
        except OSError:
            return True
