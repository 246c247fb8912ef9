// French prepositions before a name, contracted and elided as French writes them: "de" before
// "Ibrahim" is "d’Ibrahim", "à" before "Le Fleuve Tribune" is "au Fleuve Tribune".
#pragma once

#include <string>
#include <string_view>

namespace tribune {

enum class FrenchPreposition { de, a };

// `preposition` and `name` as one phrase. A leading article merges with the preposition ("Le"
// → "du"/"au", "Les" → "des"/"aux") or is lowercased after it ("de la Croix", "de l’Économie");
// otherwise "de" elides before a vowel or a mute h ("d’Ibrahim", "d’Hélène", "d’Yves" but "de
// Yaoundé", whose y is a consonant). `name` is UTF-8; bytes that are not are kept as they are.
std::string with_french_preposition(FrenchPreposition preposition, std::string_view name);

}  // namespace tribune
