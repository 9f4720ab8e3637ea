"""Keep GDAL and PROJ off the network for the whole process.

Boundary files come from users. GDAL follows references inside them: a GeoJSON ``crs`` member
of type ``link`` makes it fetch the URL (a server-side request forgery on a town's intranet),
``/vsicurl/``-style paths read remote files, and PROJ may download grids. The importers refuse
such members before GDAL sees a file (:mod:`sozialraum.importers.geoscan`); this module is the
second line, applied once when the loaders or importers are imported:

* every ``CPLHTTPFetch`` (used for CRS URLs, WFS, …) is answered by a callback that refuses,
  registered through GDAL's C API (``CPLHTTPSetFetchCallback``) — the one switch that holds
  whatever the environment's proxy settings are;
* as a fallback where that library cannot be reached, GDAL's HTTP goes to a closed local
  proxy port with no retries (``no_proxy`` in the environment can bypass this, hence the
  callback first);
* the ``/vsicurl/`` family (also ``/vsis3/``, ``/vsigs/``, ``/vsiaz/`` …) may open only a
  file name that never exists;
* PROJ's network access (grid downloads from its CDN) is switched off.
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path
from typing import Any

# A host:port where nothing listens (the "tcpmux" port); connections fail at once, locally.
_NOWHERE = "http://127.0.0.1:1"
GDAL_OFFLINE_OPTIONS: dict[str, str] = {
    "GDAL_HTTP_PROXY": _NOWHERE,
    "GDAL_HTTPS_PROXY": _NOWHERE,
    "GDAL_HTTP_MAX_RETRY": "0",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_NETRC": "NO",
    # The /vsicurl/ family opens only this name, which no URL can have.
    "CPL_VSIL_CURL_ALLOWED_FILENAME": "/sozialraum-offline/no-network",
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".sozialraum-offline-no-network",
    "GDAL_ALLOW_REMOTE_RESOURCE_TO_ACCESS_LOCAL_FILE": "NO",
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
}
# Prefixes of GDAL virtual file systems that reach the network or other containers.
REMOTE_PREFIXES = (
    "/vsicurl",
    "/vsis3",
    "/vsigs",
    "/vsiaz",
    "/vsiadls",
    "/vsioss",
    "/vsiswift",
    "/vsiwebhdfs",
    "/vsihdfs",
    "/vsistdin",
)

_REMOTE_PATTERN = re.compile("(?:" + "|".join(map(re.escape, REMOTE_PREFIXES)) + ")[/_]")

_state: dict[str, Any] = {"done": False, "callback": None, "fetch_blocked": False}

# CPLHTTPResult* (*)(const char *pszURL, CSLConstList papszOptions, GDALProgressFunc,
#                    void *pProgressArg, CPLHTTPFetchWriteFunc, void *pWriteArg, void *pUserData)
_FETCH = ctypes.CFUNCTYPE(
    ctypes.c_void_p,
    ctypes.c_char_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
    ctypes.c_void_p,
)
# Offsets in CPLHTTPResult on 64-bit platforms: int nStatus; char *pszContentType;
# GByte *pabyData; int nDataLen; int nDataAlloc; char *pszErrBuf; …
_STATUS_OFFSET = 0
_ERRBUF_OFFSET = 32
_RESULT_BYTES = 512  # more than sizeof(CPLHTTPResult); zeroed, freed by GDAL


def _loaded_gdal_library() -> str | None:
    """Path of the libgdal this process has loaded (pyogrio's bundled copy or the system's)."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in maps.splitlines():
        path = line.split(maxsplit=5)[-1] if len(line.split()) >= 6 else ""
        if "libgdal" in Path(path).name:
            return path
    return None


def _block_http_fetch() -> bool:
    """Register a CPLHTTPFetch callback that refuses every URL; True if registered."""
    if ctypes.sizeof(ctypes.c_void_p) != 8:
        return False
    path = _loaded_gdal_library()
    if path is None:
        return False
    try:
        gdal = ctypes.CDLL(path)  # the already loaded library: dlopen returns the same handle
        calloc, strdup = gdal.CPLCalloc, gdal.CPLStrdup
        set_callback = gdal.CPLHTTPSetFetchCallback
    except (OSError, AttributeError):
        return False
    calloc.restype, calloc.argtypes = ctypes.c_void_p, [ctypes.c_size_t, ctypes.c_size_t]
    strdup.restype, strdup.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    set_callback.restype, set_callback.argtypes = ctypes.c_int, [_FETCH, ctypes.c_void_p]

    def refuse(url: bytes, *_rest: object) -> int:
        # GDAL frees the result with CPLHTTPDestroyResult, so allocate with its allocator.
        result = int(calloc(1, _RESULT_BYTES))
        ctypes.c_int.from_address(result + _STATUS_OFFSET).value = 1
        message = strdup(b"network access is disabled in Sozialraum-Monitor")
        ctypes.c_void_p.from_address(result + _ERRBUF_OFFSET).value = message
        return result

    callback = _FETCH(refuse)
    set_callback(callback, None)
    _state["callback"] = callback  # keep it alive as long as GDAL may call it
    return True


def disable_network() -> None:
    """Apply the settings above, once per process (cheap to call again)."""
    if _state["done"]:
        return
    os.environ.setdefault("PROJ_NETWORK", "OFF")
    import pyogrio
    from pyproj.network import set_network_enabled  # type: ignore[attr-defined]

    pyogrio.set_gdal_config_options(GDAL_OFFLINE_OPTIONS)
    set_network_enabled(active=False)
    _state["fetch_blocked"] = _block_http_fetch()
    _state["done"] = True


def http_fetch_blocked() -> bool:
    """Whether GDAL's HTTP fetches are refused by the callback (not only by the proxy)."""
    return bool(_state["fetch_blocked"])


def is_remote_path(path: str | os.PathLike[str]) -> bool:
    """A path GDAL would resolve over the network (``/vsicurl/…``, ``https://…``).

    GDAL also honours such prefixes nested in others (``/vsizip//vsicurl/…``), so any
    occurrence counts, not only a leading one.
    """
    lowered = os.fspath(path).lower()
    return "://" in lowered or _REMOTE_PATTERN.search(lowered) is not None
