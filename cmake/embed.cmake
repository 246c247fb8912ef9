# Compiles files of the repository (theme, catalogs, demo content) into the binary, so that
# one `tribune` executable runs a site without any file beside it.

set(TRIBUNE_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)

# tribune_embed(OUTPUT out.cpp BASE dir TABLE name FILES f1 f2 ...): writes OUTPUT at build
# time, defining `std::span<const File> embedded::NAME()` with each file stored under its
# path relative to BASE.
function(tribune_embed)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE;TABLE" "FILES" ${ARGN})
  string(REPLACE ";" "|" file_list "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE} -DTABLE=${ARG_TABLE} "-DFILES=${file_list}"
            -P ${TRIBUNE_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${TRIBUNE_EMBED_SCRIPT}
    COMMENT "Embedding ${CMAKE_CURRENT_SOURCE_DIR} assets"
    VERBATIM)
endfunction()
