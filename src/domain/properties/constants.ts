/** Enumerations from Notion's property reference (developers.notion.com/reference/property-object). */
export const SELECT_COLORS = ["default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"] as const;

export const NUMBER_FORMATS = [
  "number", "number_with_commas", "percent", "dollar", "australian_dollar", "canadian_dollar", "singapore_dollar",
  "euro", "pound", "yen", "ruble", "rupee", "won", "yuan", "real", "lira", "rupiah", "franc", "hong_kong_dollar",
  "new_zealand_dollar", "krona", "norwegian_krone", "mexican_peso", "rand", "new_taiwan_dollar", "danish_krone",
  "zloty", "baht", "forint", "koruna", "shekel", "chilean_peso", "philippine_peso", "dirham", "colombian_peso",
  "riyal", "ringgit", "leu", "argentine_peso", "uruguayan_peso", "peruvian_sol", "vietnamese_dong",
  "pakistani_rupee", "nigerian_naira", "bitcoin",
] as const;

export const ROLLUP_FUNCTIONS = [
  "count", "count_values", "empty", "not_empty", "unique", "show_unique", "percent_empty", "percent_not_empty",
  "sum", "average", "median", "min", "max", "range", "earliest_date", "latest_date", "date_range", "checked",
  "unchecked", "percent_checked", "percent_unchecked", "count_per_group", "percent_per_group", "show_original",
] as const;
