/* pidfile.h - one virtnetd per root: a lock on <root>/run/virtnet/virtnetd.pid */
#pragma once
#include "state/state.h"

/* The locked pid file's fd (close-on-exec), held while virtnetd runs; -1 after saying why. */
int pidfile_take(const vn_paths *p);
