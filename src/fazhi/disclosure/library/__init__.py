"""The law library (规章库): parsing law texts into articles, importing corpora."""
