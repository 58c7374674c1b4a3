"""Uploaded files of quote and buyer requests, kept only if the command that brought
them commits: the bytes live in microtache.storage, the metadata in the database."""


class KeptFiles:
    """`with KeptFiles(storage) as files:` around a unit of work. A handler calls
    `files.put(prefix, file)` once the rules have passed; if the block then raises (a
    later rule, or the commit), the bytes stored in it are deleted again."""

    def __init__(self, storage):
        self.storage = storage
        self.keys = []

    def put(self, prefix, file):
        """Store a loaded FileSchema dict; its metadata (StoredFile.to_dict())."""
        stored = self.storage.put(prefix, file)
        self.keys.append(stored.key)
        return stored.to_dict()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for key in self.keys:
                self.storage.delete(key)
        return False
