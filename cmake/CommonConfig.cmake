# SPDX-FileCopyrightText: Attache contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Compile settings shared by every target, carried by one INTERFACE target.

add_library(attache_common INTERFACE)
add_library(Attache::Common ALIAS attache_common)

target_compile_features(attache_common INTERFACE cxx_std_17)
target_compile_definitions(attache_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    ATTACHE_VERSION="${PROJECT_VERSION}")
target_compile_options(attache_common INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wno-missing-field-initializers>)
