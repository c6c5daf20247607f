"""Build the optional compiled kernels of ``quellenlage.sequence`` (everything else is in
pyproject.toml). Without a C compiler the build is skipped and numpy does the same work."""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildExt(build_ext):
    """Adds flags for gcc and clang: optimise (-O3 vectorises the Viterbi loops), but never
    fuse or reorder floating-point adds, so that the compiled results equal numpy's."""

    def build_extensions(self) -> None:
        if self.compiler.compiler_type == "unix":
            for ext in self.extensions:
                ext.extra_compile_args += ["-O3", "-ffp-contract=off", "-fno-fast-math"]
        super().build_extensions()


setup(
    ext_modules=[
        Extension("quellenlage._sequence", ["src/quellenlage/_sequence.c"], optional=True)
    ],
    cmdclass={"build_ext": BuildExt},
)
