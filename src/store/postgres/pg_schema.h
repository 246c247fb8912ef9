// The PostgreSQL schema as a list of versioned migrations; pg_store.cpp applies those a
// database lacks, once, whichever server starts first.
#pragma once

namespace tribune::postgres {

// The number of migrations this build knows: the schema version it expects.
int latest_schema_version();

// The SQL of migration `version` (1 to latest_schema_version()).
const char* migration(int version);

}  // namespace tribune::postgres
