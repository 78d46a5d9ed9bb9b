"""The Jinja environment every template runs in, kam's own and a project's alike.

A project's `templates/` folder is untrusted: it may come from a pull request. Jinja's
sandbox blocks underscore attributes, not the public methods of the objects a template
is handed (a pydantic model's `parse_raw(..., allow_pickle=True)` runs code). So:

- templates receive plain data only (`plain`): dicts, lists, strings, numbers, dates,
  and kam's own helper functions; never a model, a Path or an object with methods;
- calls are allowed from a list (`is_safe_callable`): kam's helpers, macros, a few
  read-only methods of plain values (`str.lower`, `dict.items`, …); everything else,
  `str.format` and Jinja's `cycler`/`lipsum`/`joiner` included, is refused;
- the environment is immutable (no `list.append`, no `dict.update`);
- work is budgeted where it starts (`Budget`): loop iterations, calls, the size of
  what operators and filters build, the size of the output and the time taken. A
  template that exceeds a budget stops with a `TemplateBudgetError` naming the limit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

from kam.i18n import _
from kam.text import number

#: Limits of one render (documented in docs/validation.md, "Limits and safety").
MAX_ITERATIONS = 2_000_000  # loop iterations and range() items, all loops together
MAX_CALLS = 2_000_000  # calls made by template code (helpers, macros, methods)
MAX_SIZE = 16_000_000  # characters or items one operator or filter may build
MAX_OUTPUT = 64_000_000  # characters of HTML one render may produce
MAX_SECONDS = 20.0  # wall-clock time of one render
MAX_FILTER_ARGUMENT = 100_000  # widths and counts given to filters (truncate, indent …)
MAX_INT_BITS = 4096  # integers built by `*` and `**` (about 1,233 digits)
_CHECK_EVERY = 256  # operations between two looks at the clock


class TemplateBudgetError(SecurityError):
    """A template exceeded one of the render's budgets (the message is translated:
    `str()` gives it with its English source)."""

    def __str__(self) -> str:
        return self.args[0]


class Budget:
    """Counts what one render does and stops it at the first limit it passes."""

    def __init__(self, seconds: float | None = None) -> None:
        seconds = MAX_SECONDS if seconds is None else seconds
        self.iterations = 0
        self.calls = 0
        self.output = 0
        self.ops = 0
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def tick(self) -> None:
        self.ops += 1
        if self.ops % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise TemplateBudgetError(
                _(
                    "the templates took more than {seconds} s to render (the limit)",
                    seconds=number(self.seconds),
                )
            )

    def iterate(self, count: int = 1) -> None:
        self.iterations += count
        if self.iterations > MAX_ITERATIONS:
            raise TemplateBudgetError(
                _(
                    "the templates loop more than {limit} times (the limit)",
                    limit=number(MAX_ITERATIONS),
                )
            )
        self.tick()

    def call(self) -> None:
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise TemplateBudgetError(
                _("the templates make more than {limit} calls (the limit)", limit=number(MAX_CALLS))
            )
        self.tick()

    def size(self, value: Any) -> Any:
        """Refuse a string or list larger than MAX_SIZE built by an operator or filter."""
        if isinstance(value, str | list | tuple | dict) and len(value) > MAX_SIZE:
            raise TemplateBudgetError(
                _(
                    "a template expression builds {size} characters or items; the limit is {limit}",
                    size=number(len(value)),
                    limit=number(MAX_SIZE),
                )
            )
        self.tick()
        return value

    def emit(self, chunk: str) -> str:
        self.output += len(chunk)
        if self.output > MAX_OUTPUT:
            raise TemplateBudgetError(
                _(
                    "the templates produce more than {limit} characters of HTML (the limit)",
                    limit=number(MAX_OUTPUT),
                )
            )
        self.tick()
        return chunk


# ------------------------------------------------------------------- plain data


def plain(value: Any) -> Any:
    """`value` as plain data: dicts, lists, strings, numbers, booleans, dates and None.

    Pydantic models become dicts of their fields, dataclasses dicts of their fields and
    properties; anything else (a Path, a function, an object with methods) is refused,
    so no such object reaches a template by mistake.
    """
    if value is None or isinstance(value, str | bool | int | float | dt.date):
        return value  # Markup is a str; dates (and datetimes) are plain values
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    dump = getattr(type(value), "model_dump", None)
    if dump is not None:  # a pydantic model: its fields, recursively, as dicts
        return plain(value.model_dump())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in dir(type(value)):
            if not name.startswith("_") and isinstance(getattr(type(value), name), property):
                out[name] = plain(getattr(value, name))
        return out
    raise TypeError(f"{type(value).__name__} is not plain data and cannot reach a template")


class Helper:
    """A template helper: a callable namespace of plain functions (`t('key')`,
    `t.enum(kind, value)`, `f.money(x)`). It holds functions only, never data objects."""

    __slots__ = ("_call", "_functions")

    def __init__(self, call: Callable[..., Any] | None = None, **functions: Callable[..., Any]):
        object.__setattr__(self, "_call", call)
        object.__setattr__(self, "_functions", functions)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        try:
            return self._functions[name]
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._call is None:
            raise TypeError(_("this helper is not callable; use one of its functions"))
        return self._call(*args, **kwargs)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(_("helpers are read-only"))


def _functions(helper: Helper) -> Iterable[Callable[..., Any]]:
    """The functions a helper offers templates (read with object's own getattr, since
    the helper's own attribute lookup only serves those functions)."""
    call = object.__getattribute__(helper, "_call")
    if call is not None:
        yield call
    yield from object.__getattribute__(helper, "_functions").values()


# ------------------------------------------------------------------ environment

#: Read-only methods of plain values that templates may call.
_SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset(
        {
            *("lower", "upper", "title", "capitalize", "casefold"),
            *("strip", "lstrip", "rstrip", "split", "rsplit", "splitlines"),
            *("startswith", "endswith", "count", "find", "rfind", "index", "rindex"),
            *("isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper"),
        }
    ),
    dict: frozenset({"get", "items", "keys", "values"}),
    list: frozenset({"count", "index"}),
    dt.date: frozenset({"isoformat", "weekday", "isoweekday"}),
    LoopContext: frozenset({"cycle", "changed"}),
}
_SAFE_TYPES = (Macro, BlockReference, LoopContext)
_SAFE_CLASSES = frozenset({Namespace, dict})


_ITERATE = "kam_iterate"  # the filter that counts a loop's items


class _BudgetedCode(CodeGenerator):
    """Compiles `~` concatenation so that what it builds is measured."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.kam_size(")
        super().visit_Concat(node, frame)
        self.write(")")


class KamEnvironment(ImmutableSandboxedEnvironment):
    """An immutable sandbox with an allow-list of callables and a per-render budget."""

    code_generator_class = _BudgetedCode
    intercepted_binops = frozenset({"*", "**", "+", "//", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("cycler", "lipsum", "joiner"):
            self.globals.pop(name, None)
        self.globals["range"] = self._range
        self.budget = Budget()
        self._helpers: dict[int, object] = {}
        self._wrap_filters()
        self.filters[_ITERATE] = self.kam_iterate

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse a template, then route each loop's items through the budget."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _ITERATE, [], [], None, None, lineno=loop.lineno)
        return tree

    # -- the budget of one render

    def start(self, context: Mapping[str, Any], seconds: float | None = None) -> Budget:
        """Begin a render: a fresh budget, and the context's helpers allowed to be called."""
        self.budget = Budget(seconds)
        self._helpers = {}
        self._allow(self.globals["range"])
        for value in context.values():
            if isinstance(value, Helper):
                for function in _functions(value):
                    self._allow(function)
                self._allow(value)
            elif callable(value):
                self._allow(value)
        return self.budget

    def _allow(self, function: object) -> None:
        self._helpers[id(function)] = function  # kept alive, so its id stays its own

    def kam_iterate(self, iterable: Any) -> Iterator[Any]:
        budget = self.budget
        for item in iterable:
            budget.iterate()
            yield item

    def kam_size(self, value: Any) -> Any:
        return self.budget.size(value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.budget.iterate(len(numbers))
        return numbers

    def _wrap_filters(self) -> None:
        def wrap(function: Callable[..., Any]) -> Callable[..., Any]:
            first = 2 if hasattr(function, "jinja_pass_arg") else 1  # after the value

            def budgeted(*args: Any, **kwargs: Any) -> Any:
                for arg in (*args[first:], *kwargs.values()):
                    numeric = isinstance(arg, int | float) and not isinstance(arg, bool)
                    if numeric and abs(arg) > MAX_FILTER_ARGUMENT:
                        raise TemplateBudgetError(
                            _(
                                "a filter argument of {value} is beyond the limit of {limit}",
                                value=_short(arg),
                                limit=number(MAX_FILTER_ARGUMENT),
                            )
                        )
                return self.budget.size(function(*args, **kwargs))

            for attribute in ("jinja_pass_arg",):
                if hasattr(function, attribute):
                    setattr(budgeted, attribute, getattr(function, attribute))
            budgeted.__name__ = getattr(function, "__name__", "filter")
            return budgeted

        self.filters = {name: wrap(function) for name, function in self.filters.items()}
        self.filters.pop("format", None)  # printf-style widths build strings of any size

    # -- what templates may touch

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Plain data is dicts: a key wins over a dict method of the same name (`values`).
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def is_safe_callable(self, obj: Any) -> bool:
        if id(obj) in self._helpers or isinstance(obj, _SAFE_TYPES):
            return True
        if isinstance(obj, type):
            return obj in _SAFE_CLASSES
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if owner is None or isinstance(owner, type):
            return False
        return any(
            isinstance(owner, kind) and name in names for kind, names in _SAFE_METHODS.items()
        )

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.call()
        if isinstance(__obj, Undefined):
            __obj()  # raises the undefined error, which names what is missing
        if not __self.is_safe_callable(__obj):
            raise SecurityError(_refusal(__obj))
        return __self.budget.size(__context.call(__obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return self.budget.size(self.binop_table[operator](left, right))


def _refusal(obj: Any) -> str:
    """Why a template may not call `obj`, naming it."""
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if name:
        return _("templates may not call '{name}'", name=name)
    return _("templates may not call a {kind} object", kind=type(obj).__name__)


def _int_bits(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return math.log2(abs(value) + 1)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse operations whose result would be huge before Python builds it."""
    sized = (str, list, tuple)
    numbers = isinstance(left, int | float) and isinstance(right, int | float)
    if operator == "**" and numbers:
        if _int_bits(left) * abs(right) > MAX_INT_BITS and abs(left) > 1:
            raise TemplateBudgetError(
                _(
                    "{left} ** {right} is too large to compute (the limit is {limit} bits)",
                    left=_short(left),
                    right=_short(right),
                    limit=number(MAX_INT_BITS),
                )
            )
    elif operator == "*" and (isinstance(left, sized) or isinstance(right, sized)):
        length = len(left) if isinstance(left, sized) else len(right)
        times = right if isinstance(left, sized) else left
        if isinstance(times, int) and length * times > MAX_SIZE:
            raise TemplateBudgetError(
                _(
                    "repeating {length} items {times} times passes the limit of {limit}",
                    length=number(length),
                    times=number(times),
                    limit=number(MAX_SIZE),
                )
            )
    elif operator == "*" and numbers:
        if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
            raise TemplateBudgetError(
                _(
                    "the product is too large to compute (the limit is {limit} bits)",
                    limit=number(MAX_INT_BITS),
                )
            )
    elif operator == "+" and isinstance(left, sized) and isinstance(right, sized):  # noqa: SIM102
        if len(left) + len(right) > MAX_SIZE:
            raise TemplateBudgetError(
                _("the sum builds more than {limit} items", limit=number(MAX_SIZE))
            )


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:20] + "…"


def render(env: KamEnvironment, template_name: str, context: dict[str, Any]) -> str:
    """Render a template within a fresh budget; stops at the first limit it passes."""
    template = env.get_template(template_name)
    budget = env.start(context)
    chunks = template.generate(**context)
    html = []
    for chunk in chunks:
        try:
            html.append(budget.emit(chunk))
        except TemplateBudgetError as exc:
            # Raised again where the template produced the chunk, so that the error
            # points at that line of the template rather than at the entry file.
            chunks.throw(exc)
            raise
    return "".join(html)
