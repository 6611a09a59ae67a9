// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class ProviderCatalog;
class QNetworkAccessManager;

/**
 * Looks for a model server of the user's own on its default port (Ollama, llama.cpp's server,
 * LM Studio): each is asked for its model list at once, and the first of them, in that order,
 * that answers is the one to use.
 */
class LocalServerFinder : public QObject
{
    Q_OBJECT
public:
    struct Candidate
    {
        QString providerId; // its catalog entry
        QString name;
        QUrl baseUrl;
    };
    using Callback = std::function<void(const std::optional<Candidate> &found)>;

    explicit LocalServerFinder(QNetworkAccessManager &network, QObject *parent = nullptr);

    /** Ollama, llama.cpp and LM Studio at their catalog addresses (their default ports). */
    static QList<Candidate> defaults(const ProviderCatalog &catalog);
    /** Asks every candidate; callback once, with the first (in order) that answered, if any. */
    void find(const QList<Candidate> &candidates, Callback callback);
    static constexpr int TimeoutMs = 2000;

private:
    QNetworkAccessManager &m_network;
};
