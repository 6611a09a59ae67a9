// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer target for RequestLimiter, which reads every request as its bytes arrive. The first
// bytes choose small limits and a split point; the rest is the stream. It must never crash, must
// give the same verdict and assemble the same requests however the stream is split (it sees each
// byte once and keeps its state between feeds), must keep bodies within their limit, and must
// only answer with 4xx/5xx errors.
#include "http/requestlimiter.h"

#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "RequestLimiter invariant broken: %s\n", what);
        std::abort();
    }
}

struct Verdict
{
    std::optional<ApiError> error;
    RequestLimiter::Phase phase;
    int completed;
    int continues;
    QList<QByteArray> requests; // each request, flattened
};

QByteArray flatten(const ApiRequest &request)
{
    QByteArray out = request.method + '\n' + request.path.toUtf8() + '\n'
        + request.query.toString(QUrl::FullyEncoded).toUtf8() + '\n';
    for (const auto &header : request.headers)
        out += header.first + ':' + header.second + '\n';
    return out + '\n' + request.body;
}

Verdict run(const ConnectionLimits &limits, QByteArrayView stream, qsizetype step)
{
    RequestLimiter limiter(limits);
    Verdict v;
    for (qsizetype i = 0; i < stream.size() && !v.error; i += step) {
        QByteArrayView piece = stream.sliced(i, qMin(step, stream.size() - i));
        while (!piece.isEmpty() && !v.error) {
            qsizetype used = 0;
            v.error = limiter.feedUntilComplete(piece, &used);
            check(used > 0 && used <= piece.size(), "a feed that takes no bytes or too many");
            piece = piece.sliced(used);
            if (const std::optional<ApiRequest> request = limiter.takeRequest()) {
                check(request->body.size() <= limits.maxBodyBytes, "a body over its limit");
                v.requests.append(flatten(*request));
            }
        }
    }
    v.phase = limiter.phase();
    v.completed = limiter.completedRequests();
    v.continues = limiter.continuesDue();
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    ConnectionLimits limits;
    // Small limits so the fuzzer reaches them; 0 in a byte keeps the default.
    if (data[0])
        limits.maxHeaderBytes = qint64(data[0]) * 8;
    if (data[1])
        limits.maxHeaderCount = data[1] % 32;
    if (data[2])
        limits.maxBodyBytes = qint64(data[2]) * 16;
    const qsizetype step = 1 + data[3] % 64;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 4), qsizetype(size - 4));

    const Verdict whole = run(limits, stream, qMax<qsizetype>(1, stream.size()));
    const Verdict split = run(limits, stream, step);
    const Verdict bytes = run(limits, stream, 1);

    for (const Verdict *v : { &whole, &split, &bytes }) {
        if (v->error)
            check(v->error->status >= 400 && v->error->status < 600 && !v->error->code.isEmpty(),
                  "an error that is not a 4xx/5xx with a code");
        check(v->completed >= 0 && v->continues >= 0 && v->continues <= v->completed + 1,
              "impossible request counts");
        check(v->requests.size() == v->completed, "a request completed but not handed over");
    }
    for (const Verdict *v : { &split, &bytes }) {
        check(bool(v->error) == bool(whole.error),
              "whether a limit is broken depends on the split");
        if (whole.error)
            check(v->error->status == whole.error->status && v->error->code == whole.error->code,
                  "which limit is broken depends on the split");
        else
            check(v->phase == whole.phase && v->completed == whole.completed
                      && v->continues == whole.continues,
                  "the request framing depends on the split");
        check(v->requests == whole.requests, "the requests read depend on the split");
    }
    return 0;
}
