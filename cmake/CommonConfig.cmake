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

# Sanitizer builds (scripts/sanitize.sh). ATTACHE_SANITIZE instruments every target with
# AddressSanitizer + UndefinedBehaviorSanitizer. ATTACHE_FUZZ (clang only) does the same and adds
# libFuzzer coverage instrumentation, so the fuzzers in tests/fuzz see the engine and server code.
option(ATTACHE_SANITIZE "Build with -fsanitize=address,undefined" OFF)
option(ATTACHE_FUZZ "Build the libFuzzer targets in tests/fuzz (needs clang)" OFF)
if(ATTACHE_SANITIZE OR ATTACHE_FUZZ)
    set(_attache_sanitizers address,undefined)
    if(ATTACHE_FUZZ)
        if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
            message(FATAL_ERROR "ATTACHE_FUZZ=ON needs clang: -DCMAKE_CXX_COMPILER=clang++")
        endif()
        set(_attache_sanitizers fuzzer-no-link,address,undefined)
    endif()
    target_compile_options(attache_common INTERFACE
        -fsanitize=${_attache_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(attache_common INTERFACE -fsanitize=address,undefined)
endif()
