"""The one error type of the package."""


class ModelFileError(ValueError):
    """A file that cannot be used: names the file (and key or value) and says how to fix it."""

    def __init__(self, path, problem, remedy=None):
        self.path, self.problem, self.remedy = str(path), problem, remedy
        super().__init__(f"{path}: {problem}" + (f" ({remedy})" if remedy else ""))
