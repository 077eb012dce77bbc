// Duende.IdentityServer 7.4.8 / 8.0.3 (identity-server/src/IdentityServer/Extensions/HashExtensions.cs).
using System;
using System.Security.Cryptography;
using System.Text;

namespace Duende.IdentityServer.Models
{
    public static class HashExtensions
    {
        public static string Sha256(this string input)
        {
            if (string.IsNullOrEmpty(input)) return string.Empty;
            return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
        }

        public static byte[] Sha256(this byte[] input) => input == null ? null : SHA256.HashData(input);

        public static string Sha512(this string input)
        {
            if (string.IsNullOrEmpty(input)) return string.Empty;
            return Convert.ToBase64String(SHA512.HashData(Encoding.UTF8.GetBytes(input)));
        }
    }
}
