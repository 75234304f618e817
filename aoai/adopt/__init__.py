"""`aoai adopt`: existing accounts read from Azure, written as a stack file and a Pulumi import file."""
