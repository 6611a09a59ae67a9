// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/localservers.h"

#include "providers/providercatalog.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <memory>

LocalServerFinder::LocalServerFinder(QNetworkAccessManager &network, QObject *parent)
    : QObject(parent)
    , m_network(network)
{ }

QList<LocalServerFinder::Candidate> LocalServerFinder::defaults(const ProviderCatalog &catalog)
{
    QList<Candidate> candidates;
    for (const char *id : { "ollama", "llamacpp", "lmstudio" }) {
        const ProviderEntry *entry = catalog.find(QLatin1String(id));
        if (entry)
            candidates.append({ entry->id, entry->name, entry->catalogBaseUrl });
    }
    return candidates;
}

void LocalServerFinder::find(const QList<Candidate> &candidates, Callback callback)
{
    struct Search
    {
        QList<Candidate> candidates;
        QList<int> answers; // per candidate: -1 waiting, 0 no, 1 yes
        Callback callback;
        bool done = false;
    };
    auto search = std::make_shared<Search>();
    search->candidates = candidates;
    search->answers = QList<int>(candidates.size(), -1);
    search->callback = std::move(callback);
    // Settled as soon as the first candidate in order that can still win has answered.
    const auto settle = [search] {
        if (search->done)
            return;
        for (int i = 0; i < search->answers.size(); ++i) {
            if (search->answers.at(i) < 0)
                return; // an earlier one may still answer
            if (search->answers.at(i) == 1) {
                search->done = true;
                search->callback(search->candidates.at(i));
                return;
            }
        }
        search->done = true;
        search->callback(std::nullopt);
    };
    if (candidates.isEmpty()) {
        settle();
        return;
    }
    for (int i = 0; i < candidates.size(); ++i) {
        QUrl url = candidates.at(i).baseUrl;
        url.setPath(url.path() + QLatin1String("/models"));
        QNetworkRequest request(url);
        request.setTransferTimeout(TimeoutMs);
        QNetworkReply *reply = m_network.get(request);
        reply->setParent(this);
        connect(reply, &QNetworkReply::finished, this, [reply, search, i, settle] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            search->answers[i] = reply->error() == QNetworkReply::NoError && status == 200 ? 1 : 0;
            reply->deleteLater();
            settle();
        });
    }
}
